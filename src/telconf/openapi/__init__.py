"""telconf's own OpenAPI 3.1 document (document.py), built from its models and the operations'
declarations (telconf/api.py); parameters.py describes the lists' query parameters."""

from .document import openapi_bytes, openapi_document

__all__ = ["openapi_bytes", "openapi_document"]
