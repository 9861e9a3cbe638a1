"""A client of the admin API, shared by `telconf admin ...` and the pytest plugin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx


class AdminError(RuntimeError):
    """The admin API refused a request; the message carries its errors."""


def _explain(response: httpx.Response) -> str:
    """The refusal's body on one line, with what to do when the token is wrong."""
    text = " ".join(response.text.split())
    if response.status_code == 401:
        text += " (use the token the server was started with: TELCONF_ADMIN_TOKEN or --token)"
    return text


class AdminClient:
    def __init__(self, url: str, token: str, http: httpx.Client | None = None) -> None:
        """`url` is the server's root (http://127.0.0.1:4010), not the /v2 base URL."""
        self._http = http or httpx.Client(timeout=30)
        self._root = url.rstrip("/") + "/_telconf"
        self._headers = {"Authorization": f"Bearer {token}"}

    def close(self) -> None:
        self._http.close()

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        response = self._http.request(
            method,
            self._root + path,
            headers=self._headers,
            content=None if body is None else json.dumps(body),
            params={k: v for k, v in params.items() if v is not None},
        )
        if response.status_code >= 400:
            raise AdminError(f"{method} /_telconf{path}: {response.status_code} {_explain(response)}")
        return response.json()["data"]

    def reset(self) -> dict[str, Any]:
        return dict(self.call("POST", "/reset"))

    def orgs(self) -> list[dict[str, Any]]:
        """Every organisation: id, name, created_at and webhook_public_key (for TELNYX_PUBLIC_KEY)."""
        return list(self.call("GET", "/orgs"))

    def webhook_public_key(self, name: str) -> str:
        """The public key that verifies the webhooks of the organisation named `name`."""
        for org in self.orgs():
            if org["name"] == name:
                return str(org["webhook_public_key"])
        raise AdminError(f"no organization named {name!r}")

    def seed(self, seed: dict[str, Any] | str | Path, *, baseline: bool = False) -> dict[str, int]:
        document = seed if isinstance(seed, dict) else json.loads(Path(seed).read_text(encoding="utf-8"))
        return dict(self.call("POST", "/seed", document, baseline="true" if baseline else None))

    def save_snapshot(self, name: str) -> dict[str, Any]:
        return dict(self.call("POST", "/snapshots", {"name": name}))

    def restore_snapshot(self, name: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/snapshots/{name}/restore"))

    def snapshots(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/snapshots"))

    def delete_snapshot(self, name: str) -> None:
        self.call("DELETE", f"/snapshots/{name}")

    def clock(self) -> dict[str, Any]:
        return dict(self.call("GET", "/clock"))

    def freeze_clock(self, at: str | None = None) -> dict[str, Any]:
        return dict(self.call("POST", "/clock/freeze", {"at": at} if at else {}))

    def unfreeze_clock(self) -> dict[str, Any]:
        return dict(self.call("POST", "/clock/unfreeze"))

    def set_clock(self, at: str) -> dict[str, Any]:
        return dict(self.call("POST", "/clock/set", {"at": at}))

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        return dict(self.call("POST", "/clock/advance", {"seconds": seconds}))

    def real_clock(self) -> dict[str, Any]:
        return dict(self.call("POST", "/clock/real"))

    def add_faults(self, *rules: dict[str, Any]) -> list[dict[str, Any]]:
        return list(self.call("POST", "/faults", {"rules": list(rules)}))

    def faults(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/faults"))

    def clear_faults(self) -> None:
        self.call("DELETE", "/faults")

    def requests(self, limit: int = 100) -> list[dict[str, Any]]:
        return list(self.call("GET", "/requests", limit=limit))

    def clear_requests(self) -> None:
        self.call("DELETE", "/requests")

    def job_policy(self) -> dict[str, Any]:
        return dict(self.call("GET", "/jobs/policy"))

    def set_job_policy(self, policy: str, seconds: float = 0) -> dict[str, Any]:
        return dict(self.call("PUT", "/jobs/policy", {"policy": policy, "seconds": seconds}))

    def hold_job(self, job_id: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/jobs/{job_id}/hold"))

    def release_job(self, job_id: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/jobs/{job_id}/release"))

    def advance_job(self, job_id: str, numbers: int | None = None) -> dict[str, Any]:
        return dict(self.call("POST", f"/jobs/{job_id}/advance", {"numbers": numbers} if numbers else {}))

    def fail_job(self, job_id: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/jobs/{job_id}/fail"))

    def inbound(
        self, from_: str, to: str, text: str | None = None, *, media_urls: list[str] | None = None,
        subject: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Deliver a message from any number (`from_`, the handset) to one of an organisation's
        numbers (`to`); answers the inbound message's record."""
        body: dict[str, Any] = {"from": from_, "to": to}
        body.update({k: v for k, v in (("text", text), ("media_urls", media_urls), ("subject", subject)) if v})
        return dict(self.call("POST", "/messages/inbound", body))

    def advance_message(self, message_id: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/messages/{message_id}/advance"))

    def message_outcomes(self) -> dict[str, Any]:
        return dict(self.call("GET", "/messages/outcomes"))

    def set_message_outcome(self, phone_number: str, outcome: str | None) -> dict[str, Any]:
        return dict(self.call("PUT", f"/messages/outcomes/{phone_number}", {"outcome": outcome}))
