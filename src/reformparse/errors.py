"""The one documented exception type; its message is fit for a user (the CLI prints it as is)."""


class ReformParseError(Exception):
    """An input could not be read: missing, a directory, binary, undecodable, corrupt or encrypted PDF.

    Its message is always one line: a line break or control character that came in with a name from the
    input (a labels section called "a\\nb") is shown escaped."""

    def __init__(self, *args: object) -> None:
        if args and isinstance(args[0], str):
            from .output.safe import one_line

            args = (one_line(args[0]), *args[1:])
        super().__init__(*args)


class InputError(ReformParseError):
    """The input file itself is unusable."""


class LabelsError(ReformParseError):
    """A `--labels` file is unusable (unreadable, not YAML, an unknown section or name, a wrong type).

    A usage error: the CLI prints the one-line message and exits 2.
    """
