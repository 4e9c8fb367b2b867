"""The one documented exception type; its message is fit for a user (the CLI prints it as is)."""


class ReformParseError(Exception):
    """An input could not be read: missing, a directory, binary, undecodable, corrupt or encrypted PDF."""


class InputError(ReformParseError):
    """The input file itself is unusable."""


class LabelsError(ReformParseError):
    """A `--labels` file is unusable (unreadable, not YAML, an unknown section or name, a wrong type).

    A usage error: the CLI prints the one-line message and exits 2.
    """
