"""`python -m kgbuilder` runs the kgbuilder command."""
from kgbuilder.cli import main

if __name__ == "__main__":
    main(prog_name="kgbuilder")
