"""`python -m studyterm` runs the command line."""

from studyterm.cli import main

if __name__ == "__main__":
    main()
