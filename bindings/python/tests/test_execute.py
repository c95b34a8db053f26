"""tdjson.execute: td_execute's answers as dicts, its errors as TdError."""

import pytest

import tdjson


def test_get_text_entities():
    answer = tdjson.execute({"@type": "getTextEntities", "text": "hi @user #tag"})
    assert answer["@type"] == "textEntities"
    found = [(e["offset"], e["length"], e["type"]["@type"]) for e in answer["entities"]]
    assert found == [(3, 5, "textEntityTypeMention"), (9, 4, "textEntityTypeHashtag")]


def test_extra_comes_back_as_given():
    extra = {"n": [1, "two", None], "s": "ü"}
    answer = tdjson.execute({"@type": "getOption", "name": "version", "@extra": extra})
    assert answer == {"@type": "optionValueString", "value": "1.8.65", "@extra": extra}


def test_non_ascii_text_round_trips():
    text = "привет #тег 👋 @user"
    answer = tdjson.execute({"@type": "parseMarkdown",
                             "text": {"@type": "formattedText", "text": text, "entities": []}})
    assert answer["text"] == text


def test_error_answer_raises_td_error():
    request = {"@type": "testReturnError",
               "error": {"@type": "error", "code": 418, "message": "TEAPOT"}}
    with pytest.raises(tdjson.TdError) as caught:
        tdjson.execute(request)
    assert (caught.value.code, caught.value.message) == (418, "TEAPOT")
    assert caught.value.request is request
    assert str(caught.value) == "[418] TEAPOT"


@pytest.mark.parametrize("request_, message", [
    ({"@type": "noSuchFunction"}, 'Unknown class "noSuchFunction"'),
    ({"name": "version"}, 'Can\'t find field "@type"'),
    ({"@type": "getTextEntities", "text": 5}, "Expected String"),
    ({"@type": "getMe"}, "can't be executed synchronously"),
])
def test_malformed_or_asynchronous_request_raises_td_error(request_, message):
    with pytest.raises(tdjson.TdError) as caught:
        tdjson.execute(request_)
    assert caught.value.code == 400
    assert message in caught.value.message


@pytest.mark.parametrize("request_, error", [
    ("getMe", TypeError),
    ([{"@type": "getMe"}], TypeError),
    ({"@type": "getTextEntities", "text": object()}, TypeError),
    ({"@type": "getTextEntities", "text": float("nan")}, ValueError),
])
def test_unsendable_request_raises_python_error(request_, error):
    with pytest.raises(error):
        tdjson.execute(request_)
    # and the library still answers
    assert tdjson.execute({"@type": "getOption", "name": "version"})["value"] == "1.8.65"
