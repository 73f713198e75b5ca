"""``python -m loganalyzer``: the same command as the ``loganalyzer`` console script."""
from .cli import main

if __name__ == "__main__":
    main(prog_name="loganalyzer")
