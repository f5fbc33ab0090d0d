"""`python -m readlist` runs the command-line interface."""

from readlist.cli import main

if __name__ == "__main__":
    main()
