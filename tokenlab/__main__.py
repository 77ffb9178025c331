"""``python -m tokenlab``: the same as the ``tokenlab`` command."""

from .cli import run

if __name__ == "__main__":
    run()
