"""La machine et sa charge : écrites en tête des résultats."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} Gio"
    except OSError:
        pass
    return {
        "processeur": cpu,
        "cœurs": str(os.cpu_count()),
        "mémoire": memory,
        "système": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "mkdocs": _version("mkdocs"),
        "mkdocs-material": _version("mkdocs-material"),
        "weasyprint": _version("weasyprint"),
        "PyYAML": _version("PyYAML"),
        "fastjsonschema": _version("fastjsonschema"),
        "jsonschema": _version("jsonschema"),
    }


def load_text() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())

