"""A loopback stand-in for the Hugging Face Hub, enough for ``hf upload`` of small text files.

It speaks the wire protocol the real ``huggingface_hub`` client uses for a folder upload
(create repo, validate README YAML, pre-upload modes, NDJSON commit with ``create_pr``), and
records every commit, so a test can compare what the real CLI sent with the dry run.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_COMMIT = re.compile(r"^/api/(spaces|models|datasets)/([^/]+/[^/]+)/commit/([^/?]+)(?:\?(.*))?$")
_PREUPLOAD = re.compile(r"^/api/(spaces|models|datasets)/([^/]+/[^/]+)/preupload/([^/?]+)")
_DISCUSSIONS = re.compile(r"^/api/(spaces|models|datasets)/([^/]+/[^/]+)/discussions(?:/(\d+))?(?:\?.*)?$")


@dataclass
class Commit:
    """One commit the client made: what it carried and how it was asked for."""

    repo_id: str
    query: str  # "create_pr=1" from hf 0.36; hf 1.x+ commits to refs/pr/N instead
    summary: str
    description: str
    files: dict[str, bytes] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    revision: str = ""
    authorization: str = ""


class FakeHub:
    """A threaded HTTP server on 127.0.0.1 that accepts uploads and remembers them."""

    def __init__(self) -> None:
        self.commits: list[Commit] = []
        self.pull_requests: list[str] = []  # titles, in the order they were opened
        self.unhandled: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _send(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                if self.headers.get("Content-Encoding") == "gzip":
                    data = gzip.decompress(data)
                return data

            def do_GET(self) -> None:
                match = _DISCUSSIONS.match(self.path)
                if match and match.group(3):  # hf 1.x+ opens the PR first, then reads it back
                    num = int(match.group(3))
                    self._send(200, {
                        "num": num, "title": hub.pull_requests[num - 1], "status": "draft",
                        "createdAt": "2026-01-01T00:00:00.000Z", "isPullRequest": True,
                        "repo": {"name": match.group(2), "type": match.group(1)[:-1]},
                        "events": [], "changes": {"base": "refs/heads/main"}, "filesWithConflicts": [],
                    })
                    return
                hub.unhandled.append(f"GET {self.path}")
                self._send(404, {"error": "not in the fake hub"})

            def do_POST(self) -> None:
                body = self._body()
                if self.path == "/api/repos/create":
                    req = json.loads(body)
                    org = req.get("organization")
                    repo_id = f"{org}/{req['name']}" if org else req["name"]
                    self._send(200, {"url": f"{hub.url}/spaces/{repo_id}", "name": repo_id})
                elif self.path.startswith("/api/validate-yaml"):
                    self._send(200, {"errors": [], "warnings": []})
                elif match := _PREUPLOAD.match(self.path):
                    files = json.loads(body)["files"]
                    self._send(200, {
                        "files": [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False}
                                  for f in files],
                        "commitOid": "0" * 40,
                    })
                elif (match := _DISCUSSIONS.match(self.path)) and not match.group(3):
                    hub.pull_requests.append(json.loads(body)["title"])
                    self._send(200, {"num": len(hub.pull_requests)})
                elif match := _COMMIT.match(self.path):
                    hub._record_commit(match.group(2), match.group(3), match.group(4) or "", body,
                                       self.headers.get("Authorization", ""))
                    self._send(200, {
                        "commitUrl": f"{hub.url}/spaces/{match.group(2)}/commit/{'1' * 40}",
                        "commitOid": "1" * 40,
                        "pullRequestUrl": f"{hub.url}/spaces/{match.group(2)}/discussions/1",
                    })
                else:
                    hub.unhandled.append(f"POST {self.path}")
                    self._send(404, {"error": "not in the fake hub"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> FakeHub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def _record_commit(
        self, repo_id: str, revision: str, query: str, body: bytes, authorization: str
    ) -> None:
        commit = Commit(repo_id, query, "", "", revision=revision, authorization=authorization)
        for line in body.splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            value = item["value"]
            if item["key"] == "header":
                commit.summary = value.get("summary", "")
                commit.description = value.get("description", "")
            elif item["key"] == "file":
                commit.files[value["path"]] = base64.b64decode(value["content"])
            elif item["key"] in {"deletedFile", "deletedFolder"}:
                commit.deleted.append(value["path"])
        self.commits.append(commit)
