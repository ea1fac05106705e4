"""Comment cards: numbered batches, one/two/four to a sheet, in the customer's language."""

from __future__ import annotations

import pytest

from desktop_crm.documents.api import CommentCardRequest, DocumentCancelled, generate
from desktop_crm.domain.card_numbers import display_code, parse_card_code
from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.questionnaires import Question, QuestionKind
from desktop_crm.i18n import translations_for
from desktop_crm.services.company_profile import CompanyProfile, ImageKind, PaperSize
from desktop_crm.services.questionnaires import starter_in_language
from desktop_crm.services.shop import Shop
from tests.unit.documents.conftest import Named
from tests.unit.documents.pdf_check import (
    contains,
    overflows,
    page_count,
    page_texts,
    pdf_text,
    png_bytes,
    reader,
)


def _png() -> bytes:
    return png_bytes(300, 120, "#1d5c8c")


def _numbers(text: str) -> list[int]:
    """The card numbers printed in ``text`` (as display codes like 000123-8)."""
    found = []
    for word in text.split():
        if len(word) >= 8 and word[-2] == "-":
            number = parse_card_code(word)
            if number is not None:
                found.append(number)
    return found


@pytest.mark.parametrize(("per_sheet", "pages"), [(1, 5), (2, 3), (4, 2)])
def test_cards_for_each_script_and_paper(
    shop: Shop, customer: Named, paper: PaperSize, per_sheet: int, pages: int
) -> None:
    doc = generate(shop, CommentCardRequest(count=5, per_sheet=per_sheet, customer_id=customer.id))
    assert doc.pages == pages
    assert page_count(doc.pdf) == pages
    text = pdf_text(doc.pdf)
    gettext = translations_for(customer.language).gettext
    for label in ("Card no.", "Name", "Phone or email", "Poor", "Excellent"):
        assert gettext(label) in text
    assert text.count(customer.name) == 5
    questionnaire = starter_in_language(shop.questionnaires.default(), customer.language)
    assert contains(text, questionnaire.title)
    for question in questionnaire.questions:
        assert contains(text, question.text)
    numbers = _numbers(text)
    assert len(numbers) == 5
    assert numbers == list(range(numbers[0], numbers[0] + 5))
    for number in numbers:
        assert display_code(number) in text
        assert shop.questionnaires.card(number).customer_id == customer.id
        assert shop.questionnaires.card(number).language == customer.language
    first, last = display_code(numbers[0])[:6], display_code(numbers[-1])[:6]
    assert doc.file_name == f"comment-cards-{first}-{last}.pdf"
    assert overflows(doc.pdf) == []
    width, height = reader(doc.pdf).pages[0].mediabox.upper_right
    expected = (595, 842) if paper is PaperSize.A4 else (612, 792)
    assert (round(float(width)), round(float(height))) == expected


def test_each_page_carries_its_own_cards(shop: Shop, company: CompanyProfile) -> None:
    doc = generate(shop, CommentCardRequest(count=6, per_sheet=4))
    texts = page_texts(doc.pdf)
    assert [len(_numbers(t)) for t in texts] == [4, 2]


def test_numbers_continue_across_batches(shop: Shop, company: CompanyProfile) -> None:
    first = _numbers(pdf_text(generate(shop, CommentCardRequest(count=3)).pdf))
    second = _numbers(pdf_text(generate(shop, CommentCardRequest(count=2, per_sheet=2)).pdf))
    assert first + second == list(range(first[0], first[0] + 5))


def test_language_follows_request_then_customer(shop: Shop, customer: Named) -> None:
    doc = generate(shop, CommentCardRequest(customer_id=customer.id, language="en"))
    assert "Card no." in pdf_text(doc.pdf)
    number = _numbers(pdf_text(doc.pdf))[0]
    assert shop.questionnaires.card(number).language == "en"


def test_a_long_name_stays_on_the_card(shop: Shop, long_named: Named) -> None:
    for per_sheet in (1, 2, 4):
        doc = generate(
            shop,
            CommentCardRequest(count=per_sheet, per_sheet=per_sheet, customer_id=long_named.id),
        )
        assert overflows(doc.pdf) == []
    doc = generate(shop, CommentCardRequest(customer_id=long_named.id, contact_fields=False))
    assert overflows(doc.pdf) == []


def test_twelve_long_questions_fit_a_quarter_card(shop: Shop, company: CompanyProfile) -> None:
    kinds = [QuestionKind.RATING] * 5 + [QuestionKind.EFFORT, QuestionKind.YES_NO] * 2
    kinds += [QuestionKind.NPS, QuestionKind.OPEN, QuestionKind.OPEN]
    questions = [
        Question(kind, f"Question {n}: " + "how was the thing we did for you " * 3)
        for n, kind in enumerate(kinds, start=1)
    ]
    version = shop.questionnaires.save(None, "Long", "A long questionnaire " * 6, questions)
    for paper in (PaperSize.A4, PaperSize.LETTER):
        shop.company.save(CompanyProfile(paper_size=paper))
        doc = generate(
            shop,
            CommentCardRequest(count=4, per_sheet=4, questionnaire_id=version.questionnaire_id),
        )
        assert doc.pages == 1
        assert overflows(doc.pdf) == []
        text = pdf_text(doc.pdf)
        assert text.count("Question 12:") == 4
        assert "Yes" in text and "Very easy" in text


def test_logo_is_drawn_only_when_set(shop: Shop, company: CompanyProfile) -> None:
    without = generate(shop, CommentCardRequest(count=2, per_sheet=2))
    assert list(reader(without.pdf).pages[0].images) == []
    assert "Bici Sur" in pdf_text(without.pdf)
    shop.company.set_image(ImageKind.LOGO, _png())
    with_logo = generate(shop, CommentCardRequest(count=2, per_sheet=2))
    assert len(reader(with_logo.pdf).pages[0].images) >= 1


def test_emoji_and_arabic_do_not_crash(shop: Shop, company: CompanyProfile) -> None:
    from desktop_crm.domain.customers import CustomerDraft

    created = shop.customers.create(CustomerDraft(name="مريم 😀 Smile", language="en"))
    version = shop.questionnaires.save(
        None,
        "Emoji",
        "كيف كانت تجربتك؟ 😀",
        [Question(QuestionKind.RATING, "Service 👍"), Question(QuestionKind.OPEN, "شكرا 🙏")],
    )
    for per_sheet in (1, 4):
        doc = generate(
            shop,
            CommentCardRequest(
                count=2,
                per_sheet=per_sheet,
                customer_id=created.id,
                questionnaire_id=version.questionnaire_id,
            ),
        )
        assert "Smile" in pdf_text(doc.pdf)
        assert overflows(doc.pdf) == []


def test_cancelling_stops_the_batch(shop: Shop, company: CompanyProfile) -> None:
    with pytest.raises(DocumentCancelled):
        generate(shop, CommentCardRequest(count=3), cancelled=lambda: True)

    calls = 0

    def cancel_later() -> bool:
        nonlocal calls
        calls += 1
        return calls > 1

    with pytest.raises(DocumentCancelled):
        generate(shop, CommentCardRequest(count=120), cancelled=cancel_later)


def test_progress_is_reported(shop: Shop, company: CompanyProfile) -> None:
    seen: list[tuple[int, int]] = []
    generate(
        shop, CommentCardRequest(count=120, per_sheet=4), progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (120, 120)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) >= 3


def test_old_cards_keep_their_questionnaire_version(shop: Shop, company: CompanyProfile) -> None:
    old = shop.questionnaires.default()
    printed = _numbers(pdf_text(generate(shop, CommentCardRequest(count=2)).pdf))
    questions = [*old.questions, Question(QuestionKind.OPEN, "Anything else?")]
    new = shop.questionnaires.save(old.questionnaire_id, old.name, old.title, questions)
    assert new.id != old.id
    reprinted = generate(shop, CommentCardRequest())
    assert "Anything else?" in pdf_text(reprinted.pdf)
    later = _numbers(pdf_text(reprinted.pdf))
    for number in printed:
        assert shop.questionnaires.card(number).version_id == old.id
        assert "Anything else?" not in [
            q.text for q in shop.questionnaires.version(old.id).questions
        ]
    assert shop.questionnaires.card(later[0]).version_id == new.id


def test_a_bad_layout_is_refused_before_numbers_are_used(
    shop: Shop, company: CompanyProfile
) -> None:
    with pytest.raises(ValidationError):
        generate(shop, CommentCardRequest(count=3, per_sheet=3))
    doc = generate(shop, CommentCardRequest())
    assert _numbers(pdf_text(doc.pdf))[0] == 1


@pytest.mark.parametrize("language", ["es", "ru", "zh"])
def test_the_starter_questions_are_asked_in_the_customers_language(
    shop: Shop, company: CompanyProfile, language: str
) -> None:
    """The owner's own questions print as typed; the standard ones follow the card."""
    starter = shop.questionnaires.default()
    own = Question(QuestionKind.OPEN, "¿Volvería a nuestra tienda?")
    shop.questionnaires.save(
        starter.questionnaire_id, starter.name, starter.title, [*starter.questions, own]
    )
    pdf = generate(shop, CommentCardRequest(language=language)).pdf
    gettext = translations_for(language).gettext
    text = pdf_text(pdf)
    for source in ("How did we do?", "Quality of our work", "What could we do better?"):
        assert gettext(source) != source
        assert gettext(source) in text
    assert "¿Volvería a nuestra tienda?" in text
