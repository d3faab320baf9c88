"""Embedding providers: turn texts into unit-length float32 vectors.

- `WordLlamaProvider` (default): wordllama's 256-dimension static model, shipped inside the wheel. It is
  loaded from the installed package's own folder with downloads disabled, so nothing is fetched at run time
  (wordllama's loader looks for the tokenizer under a different folder name than the one its wheel ships).
- `OpenAICompatibleProvider`: any `/v1/embeddings` endpoint (`EMBEDDINGS_BASE_URL`, `EMBEDDINGS_API_KEY`,
  `EMBEDDINGS_MODEL`) for sites that want a larger model.

Switching provider or model changes `provider.name`, so every stored vector is stale and
`manage.py reindex_embeddings` re-embeds them.
"""
import json
import threading
import urllib.request
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings


class EmbeddingProvider:
    name: str = ""
    dimensions: int = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        """A (len(texts), dimensions) float32 array of unit-length rows."""
        raise NotImplementedError


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class WordLlamaProvider(EmbeddingProvider):
    dimensions = 256
    name = "wordllama-l2-supercat-256"

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import wordllama
                    from wordllama import WordLlama

                    self._model = WordLlama.load(dim=self.dimensions, cache_dir=Path(wordllama.__file__).parent,
                                                 disable_download=True)
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        # Normalised here, not by wordllama: an empty text must stay a zero row, not NaN.
        return _normalised(self._load().embed(list(texts), norm=False, batch_size=256))


class OpenAICompatibleProvider(EmbeddingProvider):
    """POST {base}/embeddings {"model", "input"} → {"data": [{"embedding": [...]}, ...]} (OpenAI's shape)."""

    BATCH = 64
    TIMEOUT = 30

    def __init__(self, *, base_url: str, api_key: str, model: str) -> None:
        self.base_url, self.api_key, self.model = base_url.rstrip("/"), api_key, model
        self.name = f"openai:{model}"

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = []
        for start in range(0, len(texts), self.BATCH):
            body = json.dumps({"model": self.model, "input": texts[start:start + self.BATCH]}).encode()
            request = urllib.request.Request(  # noqa: S310 (an https URL from settings)
                f"{self.base_url}/embeddings", data=body, method="POST",
                headers={"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=self.TIMEOUT) as response:  # noqa: S310
                data = json.load(response)["data"]
            rows.extend(item["embedding"] for item in sorted(data, key=lambda item: item["index"]))
        if not rows:
            return np.zeros((0, self.dimensions or 1), dtype=np.float32)
        matrix = _normalised(np.array(rows))
        self.dimensions = matrix.shape[1]
        return matrix


@cache
def get_provider() -> EmbeddingProvider:
    """The configured provider, one per process (the local model loads once, lazily)."""
    if settings.EMBEDDINGS_BASE_URL and settings.EMBEDDINGS_MODEL:
        return OpenAICompatibleProvider(base_url=settings.EMBEDDINGS_BASE_URL, api_key=settings.EMBEDDINGS_API_KEY,
                                        model=settings.EMBEDDINGS_MODEL)
    return WordLlamaProvider()
