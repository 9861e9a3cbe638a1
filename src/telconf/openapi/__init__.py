"""telconf's own OpenAPI 3.1 document, built from its models and its table of operations."""

from .document import openapi_bytes, openapi_document

__all__ = ["openapi_bytes", "openapi_document"]
