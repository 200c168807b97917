"""The non-event stage: history, statistics and habits leave the default record, with a reason,
and stay available on request."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.ingest import make_document
from flashpoint.pipeline import Pipeline

ALL = ("asserted", "background", "generic")


@pytest.fixture(scope="module")
def everything():
    return Pipeline(modalities=ALL)


def coded(pipeline, text, published=dt.date(2025, 5, 1)):
    return next(pipeline.code([make_document(text, doc_id="d", source="test", published=published)])).events


@pytest.mark.parametrize("text", [
    "Between 2007 and 2011, more than 500 drivers were killed by gangs in Guatemala.",
    "A total of 18 bus drivers have been murdered in Guatemala since 2012.",
    "More than 6,000 people have been killed by Houthi rebels in Yemen since then.",
    "Mexican soldiers have previously been accused of abuses by rights groups.",
    "Mexican officials have been accused in the past of ties to drug cartels.",
    "Kenyan police annually arrest hundreds of poachers in Tsavo.",
    "In Ecuador, around 60 percent of the country's registered murders were committed by gangs.",
    "Half of the kidnappings in Mexico are carried out by cartels.",
])
def test_statistics_and_habits_are_generic(pipeline, everything, text):
    assert coded(pipeline, text) == []
    kept = coded(everything, text)
    assert kept and all(e.modality == "generic" and "[generic: " in e.rule for e in kept)


@pytest.mark.parametrize("text", [
    "Police arrested two men in Guatemala City on Monday. Gangs there attack police patrols every week.",
    "Police arrested two men in Guatemala City on Monday. Migrants are kidnapped every year in Mexico.",
    # the act is the aim of a habit: "use children to carry out ... assassinations", "use drones to bomb"
    "Police arrested two men in Guatemala City on Monday. In Mexico, cartels use children to carry out "
    "illegal activities including drug trafficking and targeted assassinations.",
    "Police arrested two men in Guatemala City on Monday. The gangs use children to kill their rivals.",
])
def test_an_act_told_in_the_simple_present_below_the_headline_is_a_habit(pipeline, everything, text):
    assert_set_aside(pipeline, everything, text, "generic", "simple present")


def assert_set_aside(pipeline, everything, text, modality, reason):
    """The lead's arrest is the only news; the other acts keep ``modality`` with ``reason`` in their rule."""
    assert [e.cameo_root for e in coded(pipeline, text)] == ["17"]
    kept = [e for e in coded(everything, text) if e.modality == modality]
    assert kept and all(reason in e.rule for e in kept)


def test_a_headline_s_present_is_its_news_and_a_statement_in_the_present_is_made(pipeline):
    assert coded(pipeline, "Police Arrest Two Gang Members in Guatemala")
    text = "Police arrested two men on Monday. \"We condemn this attack,\" the Guatemalan minister said."
    assert "11" in {e.cameo_root for e in coded(pipeline, text)}


def test_history_the_report_dates_long_before_its_news_is_background(pipeline, everything):
    text = "The Houthi group invaded Sanaa in September 2014, driving out the president of Yemen."
    assert coded(pipeline, text) == []
    assert {e.modality for e in coded(everything, text)} == {"background"}


@pytest.mark.parametrize("text", [
    "Yemeni rebels attacked the airport on Monday.",
    "Police have arrested 12 suspects in Karachi over the past 24 hours.",
    "Pakistani police arrested two militants in Quetta on 28 April.",
    "Syrian jets fired a number of missiles at rebel positions in Idlib on Saturday.",
])
def test_the_news_itself_stays(pipeline, text):
    assert coded(pipeline, text)


def test_without_a_stated_report_date_the_latest_named_day_is_the_news(pipeline):
    # no published date: today is no measure of a 2016 report; its own latest date is
    text = ("In 2009 Colombian police seized tonnes of cocaine. "
            "On 3 March 2016 Colombian police arrested the cartel leader in Bogota.")
    events = next(pipeline.code([make_document(text, doc_id="d", source="test")])).events
    assert [e.evidence.sentence_index for e in events] == [1]


def test_a_day_told_relative_to_the_coding_date_names_no_day_of_the_report(pipeline):
    """SATP writes "on September 1 (today)": with no stated date, "today" is the day the text is
    coded, which says nothing of the report; the news is September 1, not history before today."""
    text = ("At least two policemen were killed when unidentified assailants opened fire at them in Karachi "
            "on September 1 (today), reports Dawn.")
    events = next(pipeline.code([make_document(text, doc_id="d", source="test")])).events
    assert [e.cameo_root for e in events] == ["18"]


def test_the_toll_of_an_act_named_as_known_is_that_act(pipeline, everything):
    text = "Sixteen people, including four policemen, were killed in the attack."
    assert coded(pipeline, text) == []
    assert {e.modality for e in coded(everything, text)} == {"background"}
    # an act the sentence tells itself keeps its toll as its victims
    assert coded(pipeline, "Three militants were killed in an encounter with Pakistani police in Karachi.")


def test_the_acts_of_a_sports_or_markets_report_are_not_political(pipeline, everything):
    cricket = ("South Africa beat Sri Lanka by seven runs in Durban. Wolvaardt cut a delivery straight to the "
               "bowler at gully, and the batsman was out for 12 after a short innings.")
    assert coded(pipeline, cricket) == []
    kept = [e for e in coded(everything, cricket) if "not political: a sports report" in e.rule]
    assert kept and all(e.modality == "generic" for e in kept)
    stocks = ("Tokyo shares edged up as investors welcomed overnight gains on Wall Street. The Nikkei index "
              "rose 0.4 percent and Sony stocks led the rise.")
    assert coded(pipeline, stocks) == []
    # political actors act politically whatever the report is about
    fans = ("Police arrested two fans after the cricket match in Durban. The batsman and the bowler "
            "had quarrelled during the innings.")
    assert [e.cameo_root for e in coded(pipeline, fans)] == ["17"]


def test_a_sports_report_may_show_itself_by_two_word_names(pipeline):
    tennis = ("Britain's tennis chief praised Henman after his decision to quit the Davis Cup. Henman praised "
              "his coach after the grand slam defeat and thanked his fans.")
    assert coded(pipeline, tennis) == []


def test_an_act_named_as_the_subject_of_a_clause_is_talked_about_not_done(pipeline, everything):
    text = "Attacking the assets of criminal groups is a newer strategy for Salvadoran officials."
    assert coded(pipeline, text) == []
    assert any("an act as the subject" in e.rule for e in coded(everything, text))
    assert coded(pipeline, "Salvadoran police attacked the assets of the gangs in San Salvador.")
    text = "Brazilian police arrested a commander in Rio. The arrest is a sign that the authorities are serious."
    assert [e.evidence.trigger for e in coded(pipeline, text)] == ["arrested"]
    text = "The arrest yesterday of the Gulf Clan commander is a blow to the group, Colombian police said."
    assert [e.cameo for e in coded(pipeline, text)] == ["173"]  # told with its own words: reported there


def test_acts_named_as_a_trend_are_no_one_act(pipeline, everything):
    text = "The doctors' association protested in Kolkata against the increasing attacks on doctors."
    assert not any(e.cameo_root == "18" for e in coded(pipeline, text))
    assert any("a trend" in e.rule for e in coded(everything, text) if e.cameo_root == "18")
    assert any(e.cameo_root in ("18", "19") for e in coded(
        pipeline, "Militants carried out repeated attacks on the army camp in Kupwara on Monday."))


@pytest.mark.parametrize("text", [
    "Police arrested two men on Monday. Nearly 8,500 people in Mexico were murdered in the first three months of 2019.",
    "Police arrested two men on Monday. Thousands of people have been killed in the conflict.",
    "Police arrested two men on Monday. Nearly 1.2 million people were killed in the war.",
])
def test_a_toll_of_thousands_is_a_statistic(pipeline, everything, text):
    assert_set_aside(pipeline, everything, text, "generic", "a statistic")


def test_acts_named_by_their_place_are_told_back(pipeline, everything):
    """"The Paris attacks" below the lead is an episode the reader knows, not the report's news;
    "the US arrest of a man" names who acted, not a known episode."""
    text = "Police arrested two men in Brussels on Monday. They searched an apartment linked to the Paris attacks."
    assert_set_aside(pipeline, everything, text, "background", "a named event")


def test_a_toll_told_with_a_coordinated_verb_s_hazard_is_no_event(pipeline):
    text = "One person was killed and at least 34 miners were injured during the quake in Klerksdorp."
    assert coded(pipeline, text) == []
