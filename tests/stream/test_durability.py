"""The start-up delivery check: one INFO line when safe, one WARNING line naming each weak topic setting."""

from __future__ import annotations

import logging

from service.stream.durability import TopicDurability, report

SAFE = {"acks": -1, "enable_idempotence": True}


def topics(rf: int, min_isr: int) -> list[TopicDurability]:
    return [
        TopicDurability("in", "INPUT_TOPIC", rf, min_isr),
        TopicDurability("out", "OUTPUT_TOPIC", rf, min_isr),
        TopicDurability("dlq", "DLQ_TOPIC", rf, min_isr),
    ]


def lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "service.stream.durability"]


def test_replication_3_with_min_insync_2_and_an_idempotent_acks_all_producer_is_one_info_line(caplog):
    caplog.set_level(logging.INFO)
    assert report(SAFE, 3, topics(3, 2)) is True
    [line] = lines(caplog)
    assert line.levelno == logging.INFO
    assert "acks=all, idempotent" in line.getMessage() and "survives the loss of a broker" in line.getMessage()


def test_replication_1_on_three_brokers_is_one_warning_naming_each_topic_and_the_setting(caplog):
    caplog.set_level(logging.INFO)
    assert report(SAFE, 3, topics(1, 1)) is False
    [line] = lines(caplog)
    assert line.levelno == logging.WARNING
    for name, setting in (("in", "INPUT_TOPIC"), ("out", "OUTPUT_TOPIC"), ("dlq", "DLQ_TOPIC")):
        assert f"{name} ({setting}) replication.factor=1" in line.getMessage()


def test_min_insync_1_with_three_replicas_is_weak_too(caplog):
    caplog.set_level(logging.INFO)
    assert report(SAFE, 3, topics(3, 1)) is False
    assert "out (OUTPUT_TOPIC) min.insync.replicas=1" in lines(caplog)[0].getMessage()


def test_a_producer_without_acks_all_or_idempotence_is_named_in_the_warning(caplog):
    caplog.set_level(logging.INFO)
    assert report({"acks": 1}, 3, topics(3, 2)) is False
    message = lines(caplog)[0].getMessage()
    assert "acks=1" in message and "idempotence off" in message


def test_one_broker_with_replication_1_is_not_under_replicated_but_says_a_broker_loss_loses_events(caplog):
    caplog.set_level(logging.INFO)
    assert report(SAFE, 1, topics(1, 1)) is True
    assert "only 1 broker(s)" in lines(caplog)[0].getMessage()
