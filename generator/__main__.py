import sys

from .cli import main

# Guarded: the PDF workers (multiprocessing, « spawn ») import the main module again.
if __name__ == "__main__":
    sys.exit(main())
