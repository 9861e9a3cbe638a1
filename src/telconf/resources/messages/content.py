"""What is sent: the message type, its text split into parts, its media, and what it costs. The
rules are Telnyx's (messaging notes §1.6 and §2): SMS is text alone, MMS is media and/or a subject
(text allowed), at most 10 parts of SMS, at most 10 media URLs."""

from __future__ import annotations

from dataclasses import dataclass

from ...formats import is_web_url
from .encoding import MAX_PARTS, encode
from .models import SendMessage
from .refusals import Refused, bad_request

MAX_MEDIA = 10
# With `auto_detect`, a text longer than this many parts is refused (40328): it should go as MMS.
RECOMMENDED_PARTS = 6


@dataclass(frozen=True)
class Content:
    type: str  # SMS | MMS
    text: str | None
    subject: str | None
    media_urls: tuple[str, ...]
    parts: int
    num_chars: int
    encoding: str
    smart_encoding_applied: bool


def content_of(body: SendMessage, smart_encoding: bool) -> Content:
    media = tuple(body.media_urls or ())
    kind = body.type or ("MMS" if media or body.subject else "SMS")
    if kind == "SMS" and (media or body.subject):
        raise Refused(
            "40304", "Invalid combination of message content arguments",
            "Send exclusively 'text' for SMS, or 'subject' and/or 'media_urls' (with optional 'text') for MMS.",
            "/media_urls" if media else "/subject",
        )  # fmt: skip
    if not body.text and not media:
        raise Refused("40316", "No content provided for message", "Provide 'text' or 'media_urls'.", "/text")
    if len(media) > MAX_MEDIA:
        raise Refused("40317", "Invalid MMS content", f"At most {MAX_MEDIA} media URLs may be sent.", "/media_urls")
    for index, url in enumerate(media):
        if not is_web_url(url):
            raise Refused(
                "40317", "Invalid MMS content", "Each media URL must be an http(s) URL.", f"/media_urls/{index}"
            )
    text = body.text or ""
    encoded = encode(text, body.encoding, smart_encoding and body.encoding == "auto")
    if encoded is None:
        detail = "The text has characters GSM-7 cannot encode; send it with 'encoding' 'auto' or 'ucs2'."
        raise bad_request(detail, "encoding")
    parts = encoded.parts if kind == "SMS" else 1
    if kind == "SMS" and parts > MAX_PARTS:
        raise Refused(
            "40302", "Message too large",
            f"The SMS message would be divided into {parts} parts. The maximum is {MAX_PARTS}.", "/text",
        )  # fmt: skip
    if kind == "SMS" and body.auto_detect and parts > RECOMMENDED_PARTS:
        raise Refused(
            "40328", "SMS exceeds recommended size",
            f"The SMS message would be divided into {parts} parts; it should be sent by MMS or by adding "
            "auto_detect=False.", "/text",
        )  # fmt: skip
    return Content(
        kind, body.text, body.subject, media, parts, encoded.num_chars, encoded.encoding, encoded.smart_encoding_applied
    )
