"""studyterm: English lessons for Chinese-speaking learners, from news podcasts, in the terminal.

Importing this package is cheap on purpose: spaCy, genanki and Textual are imported only where
they are used, so `studyterm --help` and the core stay fast.
"""

__version__ = "0.1.0"
