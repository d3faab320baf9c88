import socket

import numpy as np
import pytest

from matching.providers import WordLlamaProvider


def test_the_local_model_loads_and_embeds_with_the_network_unavailable(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network is unavailable in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    provider = WordLlamaProvider()  # a fresh instance: loads from the installed wheel now
    vectors = provider.embed(["someone to look at my website", "landing page review"])
    assert vectors.shape == (2, 256)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_related_texts_are_closer_than_unrelated_ones():
    provider = WordLlamaProvider()
    need, near, far = provider.embed(["my bookkeeping invoices take forever",
                                      "automate billing and invoices", "caring for a pet snake"])
    assert need @ near > need @ far


@pytest.mark.parametrize("texts", [[]])
def test_embedding_nothing_is_an_empty_matrix(texts):
    assert WordLlamaProvider().embed(texts).shape == (0, 256)


def test_the_openai_compatible_provider_posts_batches_and_normalises(monkeypatch):
    import io
    import json

    from matching.providers import OpenAICompatibleProvider

    sent = []

    def fake_urlopen(request, timeout):
        body = json.loads(request.data)
        sent.append((request.full_url, request.headers["Authorization"], body))
        data = [{"index": n, "embedding": [3.0, 4.0]} for n, _ in enumerate(body["input"])]
        return io.BytesIO(json.dumps({"data": data}).encode())

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    provider = OpenAICompatibleProvider(base_url="https://api.example.com/v1/", api_key="k", model="big-model")
    vectors = provider.embed(["a", "b"])
    assert provider.name == "openai:big-model"
    assert sent == [("https://api.example.com/v1/embeddings", "Bearer k", {"model": "big-model", "input": ["a", "b"]})]
    assert np.allclose(vectors, [[0.6, 0.8], [0.6, 0.8]])
