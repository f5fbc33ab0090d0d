"""`python -m readlist` runs the command-line interface."""

from readlist.cli import run

if __name__ == "__main__":
    run()
