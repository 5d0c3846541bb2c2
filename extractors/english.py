"""Closed-class English words the rules read: pronouns, prepositions, forms of address, linking words.

Grammar, not knowledge about the world: these sets are the same for every corpus, so they live in code,
in this one place. Open-class knowledge (verbs of saying, role nouns, place nouns, ...) is data in the
relation lexicon (extractors/data/relations.json).
"""
from __future__ import annotations

import re

#: Pronouns and pro-forms as subjects or objects ("they", "this", "one").
PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "this", "that",
                      "these", "those", "which", "who", "whom", "what", "there", "one"})
#: Personal pronouns by number and gender, for coreference.
PERSONAL = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
NEUTER = frozenset({"it", "its", "itself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
GENDER_OF_PRONOUN = {"he": "m", "him": "m", "his": "m", "himself": "m",
                     "she": "f", "her": "f", "hers": "f", "herself": "f"}
#: Words that make no useful node on their own.
EMPTY_HEADS = frozenset({"what", "which", "who", "whom", "that", "this", "these", "those", "there", "it", "one",
                         "something", "anything", "nothing", "everything", "all", "some", "any", "none", "each",
                         "both", "here", "whose", "where", "when", "itself", "themselves"})
#: Adverbs that link or frame a sentence rather than qualify its verb.
SENTENCE_ADVERBS = frozenset({"however", "thus", "therefore", "then", "so", "when", "where", "why", "how",
                              "meanwhile", "moreover", "instead", "nevertheless", "hence", "too", "later", "now",
                              "there", "here"})
#: Forms of address and name particles that come before a name without describing the person.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lords", "lady", "madame",
                        "monsieur", "st", "saint", "ibn", "bin", "al", "de", "van", "von", "herr", "frau", "sen",
                        "rep", "gov", "gen"})
#: Words allowed inside a title between title words: "Secretary [of] State", "Minister [for] Energy".
TITLE_LINKS = frozenset({"of", "for", "at", "to", "and", "&", "the"})
#: Words that cut a description into parts ("party leader and prime minister X").
SEGMENT_BREAKS = frozenset({"and", "&", ","})
#: Prepositions after a role that name who the role is held for ("president of", "spokesman for",
#: "professor at", "a delegate from"); an object after "to" is whom the holder is sent to.
EMPLOYER_PREPS = frozenset({"of", "for", "at", "from"})
SKIPPED_PREPS = frozenset({"to", "on", "against", "in", "over", "about", "into", "between", "with"})
#: Verbs that give a noun its name: "a group called X" (X is the group).
NAMING_VERBS = frozenset({"call", "name", "know", "dub", "label"})
#: Subordinators that make a clause a condition: what it says is not asserted ("if Russia attacks").
CONDITION_MARKS = frozenset({"if", "unless", "whether"})

#: A match score written as one word ("2-0", "4–1").
SCORE = re.compile(r"\d+[-–]\d+")

#: Prepositions whose object is where something is or happens ("in Turin", "near the border").
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "across", "throughout", "outside", "inside", "around"})

#: Clock words the tagger takes for names ("0100 [UTC]" as an organisation, "4:00 [A.M.]" as a place):
#: time zones written in capitals (dots aside) and the halves of the day. Zones that are English words
#: ("WEST", "CAT") are left out.
CLOCK_WORDS = frozenset({"AM", "PM", "UTC", "GMT", "BST", "CET", "CEST", "EET", "EEST", "MSK", "EST", "EDT", "CST",
                         "CDT", "MST", "MDT", "PST", "PDT", "AKST", "HST", "AEST", "AEDT", "ACST", "AWST", "NZST",
                         "NZDT", "JST", "KST", "HKT", "SGT", "WIB", "PHT", "SAST"})
