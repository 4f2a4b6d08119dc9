"""Desktop notifications, for `gig balance check --notify` and the end of a focus block."""

from __future__ import annotations

import shutil
import subprocess

from gigtool.cli.output import note

NO_NOTIFY = (
    "(no desktop notification: notify-send is not installed; on Debian/Ubuntu it is "
    "in libnotify-bin)"
)


def send_notification(title: str, body: str) -> bool:
    """A desktop notification through notify-send, where it exists."""
    exe = shutil.which("notify-send")
    if exe is None:
        note(NO_NOTIFY)
        return False
    try:
        done = subprocess.run([exe, title, body], check=False, timeout=10, capture_output=True)
    except (OSError, subprocess.SubprocessError) as exc:
        note(f"(no desktop notification: notify-send failed: {exc})")
        return False
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        note(f"(no desktop notification: notify-send said {why[-1] if why else done.returncode})")
        return False
    return True
