"""The CEL evaluator (the Rust extension of common-expression-language), loaded without its package.

`import cel` runs the package's __init__, which imports its interactive CLI
(prompt_toolkit): ~130 ms for every run that evaluates a single rule. The extension
module alone loads in a few milliseconds and has everything the cel check calls
(`compile`, `Program.execute`).
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
from pathlib import Path
from typing import Any


@functools.cache
def engine() -> Any:
    spec = importlib.util.find_spec("cel")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("cel (pip install common-expression-language)")
    for location in spec.submodule_search_locations:
        for path in sorted(Path(location).glob("cel.*.so")) + sorted(Path(location).glob("cel.*.pyd")):
            loader = importlib.machinery.ExtensionFileLoader("cel.cel", str(path))
            module_spec = importlib.util.spec_from_file_location("cel.cel", path, loader=loader)
            if module_spec is None:
                continue
            module = importlib.util.module_from_spec(module_spec)
            loader.exec_module(module)
            return module
    import cel  # an unusual layout: the package as its authors meant it to be imported

    return cel
