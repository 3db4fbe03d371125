"""What a kubectl command line does, read from its words: the verb, its flags, the container command.

Not a check: `attach` and `read_only` share it. The kubectl check validates the grammar against the
real binary; these helpers only need the handful of global flags that take a value, so that
`kubectl -n kube-system delete pod x` still reads as `delete`.
"""

from __future__ import annotations

from dataclasses import dataclass

# Global flags (`kubectl options`) that take a value as the next word when written without `=`.
VALUE_FLAGS = frozenset({
    "-n", "--namespace", "--context", "--cluster", "--user", "--kubeconfig", "-s", "--server", "--token", "--as", "--as-group",
    "--as-uid", "--cache-dir", "--certificate-authority", "--client-certificate", "--client-key", "--request-timeout",
    "--tls-server-name", "--username", "--password", "-v", "--v", "--vmodule", "--profile", "--profile-output",
    # common command flags with a value, so that their value is not read as a positional word
    "-l", "--selector", "-o", "--output", "-f", "--filename", "-c", "--container", "--image", "--field-selector", "--type", "-p",
    "--patch", "--restart", "--target", "--copy-to", "--timeout", "--replicas", "--overrides", "--env", "--port",
})


@dataclass(frozen=True)
class CommandLine:
    words: tuple[str, ...]  # positional words before `--`: the verb, its subverb, resource names
    flags: tuple[str, ...]  # every flag before `--`, as written (`-it`, `--attach=true`)
    command: tuple[str, ...]  # the container command after `--`

    @property
    def verb(self) -> str:
        return self.words[0] if self.words else ""

    def has(self, *names: str) -> bool:
        """A long flag given (and not `=false`), or a short flag inside a cluster (`-it` has `-i`)."""
        for flag in self.flags:
            name, _, value = flag.partition("=")
            if value.lower() == "false":
                continue
            if name in names:
                return True
            if not flag.startswith("--") and any(len(n) == 2 and n[1] in flag[1:] for n in names if not n.startswith("--")):
                if flag[1:].isalpha():
                    return True
        return False

    def value(self, name: str) -> str | None:
        for flag in self.flags:
            key, eq, value = flag.partition("=")
            if key == name:
                return value if eq else ""
        return None


def read(args: list[str] | tuple[str, ...]) -> CommandLine:
    words: list[str] = []
    flags: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return CommandLine(tuple(words), tuple(flags), tuple(args[i + 1:]))
        if arg.startswith("-") and len(arg) > 1:
            flags.append(arg)
            if "=" not in arg and arg in VALUE_FLAGS and i + 1 < len(args):
                i += 1
        else:
            words.append(arg)
        i += 1
    return CommandLine(tuple(words), tuple(flags), ())
