"""What a shell block runs: the commands of a transcript, placeholders stood in for, page-scoped variables.

Real docs show a command and its output in one block (`$ kubectl get svc` then a table),
write `<service-name>` where the reader fills in a value, and set a variable in one block
that the next block reads. The shell checks look at `Script.text`: the same number of
lines as the block (findings keep their line numbers), output lines blanked, prompts
removed, placeholders replaced by typed stand-ins. A script (a snippet file, a shebang,
`set -e`, functions, control flow) is left exactly as written: it must run as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import SHELL, Block, Page

# `$ cmd`, `user@host:~$ cmd`, `[ root@curl:/ ]$ cmd`, `PS> cmd` — a prompt then a command.
PROMPT = re.compile(r"^\s*(?:\[[^\]\n]*\]\s*|[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s*)?[$%]\s+(?=\S)")
ROOT_PROMPT = re.compile(r"^\s*#\s+(?=[a-z./])")  # `# cmd`: a root prompt only in a block that also shows output
PLACEHOLDER = re.compile(r"(?<![<\w])<(?P<name>[A-Za-z][\w.:/-]*)>(?!>)")
ALL_CAPS = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
VARIABLE = re.compile(r"\$\{?([A-Za-z_]\w*)")
ASSIGNED = re.compile(r"^\s*(?:export\s+|local\s+|readonly\s+)?([A-Za-z_]\w*)=|\b(?:read(?:\s+-\w+)*|for)\s+([A-Za-z_]\w*)", re.MULTILINE)
ENV_LINE = re.compile(r"^[A-Z][A-Z0-9_]*=\S*$")
SCRIPT_MARKS = re.compile(r"^#!|^\s*set\s+-[a-z]*[eu]|^\s*(?:function\s+\w+|\w+\s*\(\)\s*)\{?", re.MULTILINE)
CONTROL = re.compile(r"^\s*(?:if|for|while|until|case)\b", re.MULTILINE)
KEYWORDS = frozenset("if then else elif fi for while until do done case esac function { } [[ ! time".split())
BUILTINS = frozenset("alias bg cd command declare echo eval exec exit export fg hash jobs kill let local printf pushd popd pwd read "
                     "readonly return set shift source test trap type ulimit umask unalias unset wait . :".split())


@dataclass(frozen=True)
class Script:
    text: str  # what the shell checks run: one line per block line
    commands: int  # lines that hold a command
    output: int  # lines taken for output (blanked)
    placeholders: tuple[str, ...]  # `<service-name>`, `${NAMESPACE}`, `SERVICE_NAME` as written
    is_script: bool  # a script runs as written: `-t` needs a terminal, placeholders are redirections
    tail: str = ""  # page scope, appended after the block's lines (findings there are dropped)


def is_script(block: Block) -> bool:
    """A program rather than commands shown to a person: from a file, or written like one."""
    if block.included or not block.page.endswith((".md", ".markdown")):  # a snippet or a plain file runs as written
        return True
    text = block.text
    if SCRIPT_MARKS.search(text):
        return True
    # Control flow around several commands is a program; `for i in …; do curl …; done` is one command repeated.
    commands = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")
                and line.split()[0].rstrip(";") not in KEYWORDS and not CONTROL.match(line)]
    return bool(CONTROL.search(text)) and len(commands) > 2


def _commandish(line: str) -> bool:
    """Does the line start like a command a person types (not a table row, a `key: value` or an env listing)?"""
    words = line.split()
    if not words:
        return False
    first = words[0]
    if first.startswith("#") or first in KEYWORDS or first in BUILTINS or first.startswith(("./", "/", "~/", "$", "(")):
        return True
    if re.match(r"^[A-Za-z_]\w*=", first):
        return not ENV_LINE.match(line.strip()) or "$" in line
    if not re.fullmatch(r"[a-z][\w.+-]*", first) or re.search(r"\S {2,}\S", line.strip()):
        return False  # a table row (`my-nginx-…   1/1   Running`), not a command
    # A known program, or any word followed by flags (`cilium-dbg status --verbose`); never PATH, so every machine agrees.
    return first in KNOWN_PROGRAMS or bool(re.search(r"\s--?[A-Za-z]", line))


KNOWN_PROGRAMS = frozenset(
    "kubectl helm kind kubeadm minikube cilium calicoctl istioctl curl wget dig nslookup host ping ip iptables nft ipvsadm conntrack "
    "tcpdump ss netstat jq yq grep sed awk cat ls make openssl base64 docker crictl ctr systemctl journalctl ssh scp nc sudo git go "
    "python python3 pip apt apt-get yum dnf brew watch sleep tee xargs sort head tail cut tr wc printenv env hubble cmctl".split()
)


def _transcript(lines: list[str]) -> tuple[list[str], int, int]:
    """Commands kept, output lines blanked: (lines, commands, output)."""
    prompted = any(PROMPT.match(line) for line in lines)
    rooted = not prompted and any(ROOT_PROMPT.match(line) for line in lines) and any(
        line.strip() and not _commandish(line) for line in lines
    )
    if not prompted and not rooted and not any(_commandish(line) for line in lines if not line.lstrip().startswith("#")):
        return lines, 0, 0  # nothing a person would type: output shown in a shell fence
    out: list[str] = []
    commands = output = 0
    continued = False  # the previous command line ended with `\`, or a heredoc is open
    heredoc: str | None = None
    after_listing = False  # the previous command prints KEY=value lines (printenv, env)
    for line in lines:
        keep: str | None = None
        if heredoc is not None:
            keep = line
            if line.strip() == heredoc:
                heredoc = None
        elif continued:
            keep = line
        elif prompted:
            m = PROMPT.match(line)
            keep = line[m.end():] if m else None
        elif rooted and (m := ROOT_PROMPT.match(line)):
            keep = line[m.end():]
        elif not line.strip():
            keep = line
            after_listing = False
        elif after_listing and ENV_LINE.match(line.strip()):
            keep = None
        elif _commandish(line) and not rooted:
            keep = line
        elif commands == 0 and not rooted and not prompted:
            keep = line  # nothing ran yet: it is not output of anything
        if keep is None:
            out.append("")
            output += bool(line.strip())
            continue
        out.append(keep)
        if keep.strip() and not keep.lstrip().startswith("#") and not continued and heredoc is None:
            commands += 1
            after_listing = bool(re.search(r"\b(printenv|env|set)\b", keep))
        continued = keep.rstrip().endswith("\\")
        if (m := re.search(r"<<-?\s*['\"]?(\w+)['\"]?", keep)) and heredoc is None:
            heredoc = m.group(1)
    return out, commands, output


def standin(name: str) -> str:
    """A value of the placeholder's type that every check accepts."""
    low = name.lower()
    for words, value in (
        (("cidr", "subnet", "range"), "10.0.0.0/24"), (("ip", "address", "addr"), "10.0.0.1"), (("port",), "8080"),
        (("namespace", "ns"), "default"), (("url", "endpoint"), "https://example.com"), (("file", "path", "dir"), "/tmp/example"),
        (("version",), "1.0.0"), (("token", "key", "secret", "password"), "example-secret"), (("image",), "registry.example/image:1.0"),
    ):
        if any(w in re.split(r"[^a-z0-9]+", low) or low.endswith(w) for w in words):
            return value
    return re.sub(r"[^a-z0-9]+", "-", low).strip("-") or "example"


def substitute(text: str) -> tuple[str, list[str]]:
    """`<service-name>` → `service-name`, `<ip>` → `10.0.0.1`; and the placeholders found."""
    found: list[str] = []

    def repl(m: re.Match[str]) -> str:
        found.append(m.group(0))
        return standin(m.group("name"))

    return PLACEHOLDER.sub(repl, text), found


def assigned(text: str) -> set[str]:
    return {a or b for a, b in ASSIGNED.findall(text)}


def used(text: str) -> set[str]:
    return set(VARIABLE.findall(text))


def script_of(block: Block, page: Page) -> Script:
    """The shell checks' view of a block, with the variables the page's other shell blocks share with it."""
    if is_script(block):
        return Script(block.text, sum(1 for line in block.text.split("\n") if line.strip()), 0, (), True)
    lines, commands, output = _transcript(block.text.split("\n"))
    text, placeholders = substitute("\n".join(lines))
    shell_blocks = [b for b in page.blocks if b.language in SHELL]
    index = next((i for i, b in enumerate(shell_blocks) if b is block), len(shell_blocks))
    earlier = set().union(*(assigned(b.text) for b in shell_blocks[:index]))
    later = set().union(*(used(b.text) for b in shell_blocks[index + 1:]))
    mine_used, mine_set = used(text), assigned(text)
    prose = _prose(page.text)
    unset = sorted(v for v in mine_used - mine_set - earlier if v.isupper() and f"${{{v}" in text)
    placeholders += [f"${{{v}}}" for v in unset]
    placeholders += sorted({t for t in ALL_CAPS.findall(text) if t in prose and t not in mine_set and t not in earlier})
    tail = []
    if shared := sorted(mine_used & earlier - mine_set):
        tail.append(f"export {' '.join(shared)}")  # set on an earlier block of the page
    if later_use := sorted(mine_set & later):
        tail.append(": " + " ".join(f'"${{{v}}}"' for v in later_use))  # read on a later block
    return Script(text, commands, output, tuple(dict.fromkeys(placeholders)), False, "\n".join(tail))


def _prose(page_text: str) -> str:
    """The page without its fenced blocks: where a placeholder is introduced."""
    return re.sub(r"^([ \t]*)(```|~~~).*?^\1\2[ \t]*$", "", page_text, flags=re.MULTILINE | re.DOTALL)
