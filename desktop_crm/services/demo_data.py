"""Realistic demo data: customers in several languages, their contacts and purchases.

Used by ``desktop-crm demo`` and by the benchmarks, so it must fill 100,000 customers with a
million timeline entries in well under two minutes: rows are built as plain dicts and written
with SQLAlchemy Core ``insert()`` in batches (executemany), one transaction per batch. Sort
names and search terms come from the same domain functions the services use, so search
behaves on demo data exactly as on data typed in. Everything derives from one seeded
``random.Random``: the same seed (and ``now``) gives the same database.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, insert, select, text, true

from desktop_crm.domain.business_hours import DEFAULT_TARGETS, BusinessHours, deadline
from desktop_crm.domain.customers import CONTACT_CHANNELS
from desktop_crm.domain.search_text import customer_terms, sort_key
from desktop_crm.services.complaints import COMPLAINT_EVENT_KIND
from desktop_crm.services.demo_company import ensure_demo_company
from desktop_crm.services.demo_feedback import generate_feedback
from desktop_crm.services.reminder_queue import request_full_refresh
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.timeline import EventKind
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import (
    Complaint,
    ComplaintEvent,
    Customer,
    CustomerTag,
    Item,
    Promise,
    Purchase,
    SearchTerm,
    Staff,
    Tag,
    TimelineEvent,
)

Progress = Callable[[int, int], None]

BATCH_CUSTOMERS = 2000
HISTORY_DAYS = 3 * 365
MAX_EVENTS_PER_CUSTOMER = 400

_CUSTOMERS: Table = Customer.__table__  # type: ignore[assignment]
_TERMS: Table = SearchTerm.__table__  # type: ignore[assignment]
_CUSTOMER_TAGS: Table = CustomerTag.__table__  # type: ignore[assignment]
_PURCHASES: Table = Purchase.__table__  # type: ignore[assignment]
_EVENTS: Table = TimelineEvent.__table__  # type: ignore[assignment]
_ITEMS_TABLE: Table = Item.__table__  # type: ignore[assignment]
_PROMISES_TABLE: Table = Promise.__table__  # type: ignore[assignment]
_COMPLAINTS_TABLE: Table = Complaint.__table__  # type: ignore[assignment]
_COMPLAINT_EVENTS: Table = ComplaintEvent.__table__  # type: ignore[assignment]


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- Names ------------------------------------------------------------------------------------

_EN_FIRST = _split(
    "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa "
    "Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew "
    "Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Edward Zoe "
    "Quentin Ursula Xavier Yvonne"
)
_EN_LAST = _split(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson "
    "Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott "
    "Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans "
    "Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson O'Brien Fitzgerald "
    "Vaughn Quinn Underwood Yates Zimmerman"
)
_ES_FIRST = _split(
    "José María Jesús Ángel Andrés Sofía Lucía Martín Inés Óscar Raúl Iñaki Begoña Nuria Pilar "
    "Carmen Javier Alejandro Daniel Pablo Marta Laura Elena Álvaro Adrián Rocío Ramón Joaquín "
    "Mónica Verónica Francisco Antonio Manuel Isabel Cristina Sergio Jorge Beatriz Nerea Íñigo"
)
_ES_LAST = _split(
    "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz "
    "Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez "
    "Vázquez Ramos Gil Ramírez Serrano Blanco Peña Castaño Ibáñez Núñez Ortiz Calderón Zúñiga "
    "Echeverría Aguirre Ordóñez Quiñones"
)
# (character, pinyin): surnames first, then characters of given names.
_ZH_SURNAMES = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"),
    ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
)  # fmt: skip
_ZH_GIVEN = (
    ("小", "xiao"), ("明", "ming"), ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"),
    ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("超", "chao"),
    ("秀", "xiu"), ("英", "ying"), ("华", "hua"), ("平", "ping"), ("刚", "gang"), ("玲", "ling"),
    ("建", "jian"), ("国", "guo"), ("文", "wen"), ("红", "hong"), ("霞", "xia"), ("鹏", "peng"),
    ("辉", "hui"), ("晨", "chen"), ("雪", "xue"), ("婷", "ting"), ("宇", "yu"), ("浩", "hao"),
    ("子", "zi"), ("涵", "han"), ("欣", "xin"), ("怡", "yi"), ("轩", "xuan"), ("睿", "rui"),
    ("博", "bo"), ("佳", "jia"), ("琪", "qi"), ("晓", "xiao"), ("春", "chun"), ("海", "hai"),
    ("鑫", "xin"), ("嘉", "jia"), ("瑶", "yao"), ("萱", "xuan"),
)  # fmt: skip
_RU_MALE = _split(
    "Пётр Фёдор Артём Семён Матвей Алексей Дмитрий Сергей Андрей Иван Михаил Николай Виктор "
    "Григорий Владимир Олег Юрий Константин Ярослав Фома"
)
_RU_FEMALE = _split(
    "Алёна Ольга Наталья Елена Татьяна Анна Мария Светлана Ирина Юлия Ксения Дарья Екатерина "
    "Людмила Галина Фёкла Алла Вера Надежда Эльвира"
)
# Male forms; the female form adds "а".
_RU_LAST = _split(
    "Иванов Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Петров Волков "
    "Соловьёв Королёв Воробьёв Ковалёв Горбачёв Пугачёв Дроздов Фёдоров Семёнов Зайцев Павлов "
    "Орлов Киселёв Щербаков Журавлёв Шевчуков Югов"
)
_RU_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        _split("a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"),
        strict=True,
    )
)
# A handful of names in other scripts: stored and found intact.
_OTHER_NAMES = (
    ("محمد العلي", "mohammed.alali"), ("فاطمة الزهراء", "fatima.zahra"),
    ("أحمد حسن", "ahmed.hassan"), ("ليلى منصور", "layla.mansour"),
    ("Anna 🌸 Berg", "anna.berg"), ("Mike 🔧 Plumber", "mike.plumber"),
    ("🎂 Grandma Rose", "rose.grandma"), ("Chloé ✨", "chloe"), ("Sam 🚲", "sam.rides"),
)  # fmt: skip

# --- Places -----------------------------------------------------------------------------------

_US_STREETS = _split("Oak Maple Pine Cedar Elm Washington Lake Hill Park Main Sunset Ridge")
_US_SUFFIXES = ("Street", "Avenue", "Road", "Lane", "Drive", "Boulevard")
# (city, state, ZIP prefix, area codes)
_US_CITIES = (
    ("New York", "NY", 100, ("212", "646", "718")), ("Chicago", "IL", 606, ("312", "773")),
    ("San Francisco", "CA", 941, ("415",)), ("Boston", "MA", 21, ("617",)),
    ("Washington", "DC", 200, ("202",)), ("Miami", "FL", 331, ("305",)),
    ("Austin", "TX", 787, ("512",)), ("Seattle", "WA", 981, ("206",)),
    ("Atlanta", "GA", 303, ("404",)), ("Portland", "OR", 972, ("503",)),
    ("Denver", "CO", 802, ("720",)), ("Las Vegas", "NV", 891, ("702",)),
)  # fmt: skip
_ES_STREETS = (
    "Calle Mayor", "Calle de Alcalá", "Gran Vía", "Avenida de la Constitución", "Calle Real",
    "Paseo de la Castellana", "Calle del Sol", "Plaza de España", "Calle de la Peña",
    "Avenida de Andalucía", "Calle Núñez de Balboa",
)  # fmt: skip
# (city, postal-code prefix, landline prefix)
_ES_CITIES = (
    ("Madrid", "280", "91"), ("Barcelona", "080", "93"), ("Sevilla", "410", "95"),
    ("Valencia", "460", "96"), ("Málaga", "290", "95"), ("Alcalá de Henares", "288", "91"),
)  # fmt: skip
_CN_CITIES = (
    ("北京市", "100", ("朝阳区", "海淀区", "东城区")), ("上海市", "200", ("浦东新区", "徐汇区")),
    ("广州市", "510", ("天河区", "越秀区")), ("深圳市", "518", ("南山区", "福田区")),
    ("成都市", "610", ("武侯区", "锦江区")), ("杭州市", "310", ("西湖区", "上城区")),
)  # fmt: skip
_CN_ROADS = ("建国路", "中山路", "人民路", "解放路", "南京路", "长安街", "和平路", "学院路")
_RU_CITIES = (
    ("Москва", 101, ("495", "499")), ("Санкт-Петербург", 190, ("812",)),
    ("Новосибирск", 630, ()), ("Екатеринбург", 620, ()), ("Казань", 420, ()),
    ("Ярославль", 150, ()), ("Орёл", 302, ()),
)  # fmt: skip
_RU_STREETS = (
    "ул. Ленина", "ул. Пушкина", "ул. Гагарина", "ул. Садовая", "ул. Советская", "пр. Мира",
    "ул. Лесная", "ул. Зелёная", "ул. Центральная", "ул. Королёва", "Тверская ул.",
)  # fmt: skip

# --- What happens -----------------------------------------------------------------------------

_SUMMARIES = {
    "en": (
        "Asked about delivery times", "Called about a repair", "Picked up the order",
        "Complained about a late delivery", "Wants a quote for 20 units",
        "Asked for the new catalogue", "Returned a faulty item", "Follow-up on last purchase",
        "Booked an appointment for next week", "Asked whether the sale is still on",
        "Came in to look at new arrivals", "Wants to change the delivery address",
    ),
    "es": (
        "Preguntó por el plazo de entrega", "Llamó por una reparación", "Recogió su pedido",
        "Se quejó del retraso en la entrega", "Pide presupuesto para 20 unidades",
        "Quiere el catálogo nuevo", "Devolvió un artículo defectuoso",
        "Seguimiento de la última compra", "Pidió cita para la semana que viene",
        "Preguntó si siguen las rebajas",
    ),
    "ru": (
        "Спрашивал о сроках доставки", "Звонил по поводу ремонта", "Забрал заказ",
        "Жалоба на задержку доставки", "Просит счёт на 20 штук", "Хочет новый каталог",
        "Вернул бракованный товар", "Уточнил детали последней покупки",
        "Записался на следующую неделю", "Спрашивал, идёт ли ещё распродажа",
    ),
    "zh": (
        "询问送货时间", "来电咨询维修", "取走订单", "投诉送货延迟", "要求二十件的报价",
        "想要新目录", "退回有缺陷的商品", "跟进上次购买", "预约下周到店", "询问促销是否还在进行",
    ),
}  # fmt: skip
_OUTCOMES = {
    "en": ("", "", "Will call back", "Resolved", "Quote sent", "Waiting for parts",
           "Happy with the answer", "Ordered", "Needs the manager"),
    "es": ("", "", "Volverá a llamar", "Resuelto", "Presupuesto enviado", "Esperando piezas",
           "Contento con la respuesta", "Hizo el pedido"),
    "ru": ("", "", "Перезвонит", "Решено", "Счёт отправлен", "Ждём запчасти",
           "Доволен ответом", "Оформил заказ"),
    "zh": ("", "", "会回电", "已解决", "已发报价", "等待零件", "对答复满意", "已下单"),
}  # fmt: skip
_NOTES = {
    "en": ("Prefers calls after 5 pm", "Allergic to latex", "Pays by invoice", "Speaks slowly"),
    "es": ("Prefiere llamadas por la tarde", "Paga con factura", "Cliente desde hace años"),
    "ru": ("Предпочитает звонки после 17:00", "Оплачивает по счёту", "Постоянный клиент"),
    "zh": ("喜欢下午五点后来电", "开发票付款", "老顾客"),
}  # fmt: skip
# How often each of CONTACT_CHANNELS (phone, visit, email, message, other) is used.
_CHANNEL_WEIGHTS = (35, 30, 15, 15, 5)
# Per trade: (description, lowest, highest price in whole units).
_CATALOGUES = (
    (
        ("City bike", 390, 1200), ("Service: tune-up", 45, 90), ("Inner tube", 6, 12),
        ("Helmet", 40, 150), ("Brake pads", 12, 35), ("Bike lights set", 25, 80),
        ("Puncture repair", 10, 20), ("E-bike battery check", 30, 60),
    ),
    (
        ("Reading glasses", 25, 90), ("Eye test", 30, 60), ("Contact lenses (3 months)", 45, 120),
        ("Frames and lenses", 150, 600), ("Sunglasses", 60, 250), ("Lens cleaning kit", 8, 20),
    ),
    (
        ("Cordless drill", 80, 250), ("Paint, 10 l", 35, 90), ("Key cutting", 4, 12),
        ("Garden hose", 20, 60), ("Screws and fixings", 3, 25), ("Ladder", 70, 300),
        ("Tool rental (day)", 15, 45),
    ),
)  # fmt: skip
# Things the shop looks after: (kind, names, details, service every N months or None).
_ITEMS = (
    ("pet", ("Rex", "Luna", "Toby", "Kira", "Max", "Nala", "Coco", "Simba"),
     ("Labrador", "Beagle", "Persian cat", "Mixed breed", "Siamese cat", "Border collie"), 12),
    ("vehicle", ("Blue Corsa", "Red Ibiza", "White Transit", "Grey Golf", "Black Clio"),
     ("4721 KLM", "8830 BCD", "1145 HJK", "6602 FRT"), 6),
    ("appliance", ("Boiler", "Washing machine", "Heat pump", "Coffee machine"),
     ("serial 88-1042", "serial 71-5530", "serial 93-2211"), 12),
    ("contract", ("Maintenance plan", "Care plan", "Service contract"),
     ("plan #42", "plan #17", "plan #108"), None),
)  # fmt: skip
_PROMISES = (
    ("Call back with the repair quote", "Quote within 48 h", None),
    ("Order the spare part", "Part at cost price", 40),
    ("Deliver on Friday", "Free delivery", 0),
    ("Replace the faulty item", "Up to the purchase price", 120),
    ("Send the invoice copy", "", None),
    ("Hold the item until Saturday", "Two days at most", None),
)  # fmt: skip
# (category, what happened, what the customer wants)
_COMPLAINTS = (
    ("product", "The item stopped working after a week", "A replacement"),
    ("product", "Parts missing from the box", "The missing parts sent"),
    ("service", "The repair took twice as long as promised", "A discount on the repair"),
    ("service", "Nobody called back as agreed", "A call from the manager"),
    ("delivery", "The delivery came three days late", "The delivery fee refunded"),
    ("delivery", "Delivered to the wrong address", "Delivery to the right address today"),
    ("billing", "Charged twice for the same order", "The second charge refunded"),
    ("billing", "The invoice shows the wrong price", "A corrected invoice"),
    ("staff", "Was treated rudely at the counter", "An apology"),
    ("other", "Could not park in front of the shop", "Someone to look into it"),
)  # fmt: skip
_COMPLAINT_CHANNELS = ("phone", "visit", "email", "message", "review_site")
_COMPLAINT_CHANNEL_WEIGHTS = (35, 30, 15, 12, 8)
_SEVERITY_WEIGHTS = {"low": 25, "normal": 45, "high": 20, "critical": 10}
_RESOLUTIONS = (
    ("Replaced the item", 8000), ("Refunded the delivery fee", 900), ("Apologised by phone", 0),
    ("Gave a 10% discount", 1500), ("Corrected the invoice", 0), ("Refunded the double charge", 0),
)  # fmt: skip
_TAG_SHARES = (
    ("newsletter", 0.40), ("vip", 0.05), ("wholesale", 0.05), ("family", 0.10),
    ("business", 0.10), ("referral", 0.04),
)  # fmt: skip
_STAFF = (
    ("Ana Torres", "Owner", True), ("Li Wei", "Sales", False), ("Dmitri Volkov", "Repairs", False),
    ("Emily Clark", "Sales", False), ("Lucía Gómez", "Front desk", False),
)  # fmt: skip
_EMAIL_DOMAINS = {
    "en": ("gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com"),
    "es": ("gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "mail.es"),
    "ru": ("yandex.ru", "mail.ru", "gmail.com", "rambler.ru"),
    "zh": ("qq.com", "163.com", "126.com", "sina.com"),
}  # fmt: skip


@dataclass
class _Person:
    name: str
    language: str
    country: str
    # ASCII parts for the email address (given, family).
    given: str
    family: str


@dataclass
class _Plan:
    """One customer and everything that will be written for them."""

    row: dict[str, Any]
    tags: list[int]
    purchases: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    promises: list[dict[str, Any]] = field(default_factory=list)
    complaints: list[_DemoComplaint] = field(default_factory=list)


@dataclass
class _DemoComplaint:
    """A complaint row and its history: (at, staff id, kind, text) per step, oldest first."""

    row: dict[str, Any]
    events: list[tuple[datetime, int, str, str]]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


def _ru_latin(text: str) -> str:
    return "".join(_RU_LATIN.get(ch, ch) for ch in text.casefold()).replace("-", "")


def _digits(rng: random.Random, count: int) -> str:
    return str(rng.randrange(10**count)).zfill(count)


class _Generator:
    def __init__(
        self,
        rng: random.Random,
        now: datetime,
        zone: ZoneInfo,
        care_rng: random.Random,
        complaint_rng: random.Random | None = None,
    ) -> None:
        self.rng = rng
        # Items and promises draw from their own stream, so adding them kept the customers,
        # contacts and purchases of a given seed exactly as they were; complaints likewise draw
        # from a third one, leaving the items and promises of a seed as they were.
        self.care_rng = care_rng
        self.complaint_rng = complaint_rng or random.Random(0)
        self.hours = BusinessHours.default(zone.key)
        self.now = now
        self.zone = zone
        self.today = now.astimezone(zone).date()
        self.catalogue = rng.choice(_CATALOGUES)
        self.channels = list(CONTACT_CHANNELS)
        self.channel_weights = list(_CHANNEL_WEIGHTS)

    # People ------------------------------------------------------------------------------------

    def person(self) -> _Person:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            first, last = rng.choice(_EN_FIRST), rng.choice(_EN_LAST)
            return _Person(f"{first} {last}", "en", "US", _ascii(first), _ascii(last))
        if roll < 0.60:
            first, last1, last2 = rng.choice(_ES_FIRST), rng.choice(_ES_LAST), rng.choice(_ES_LAST)
            name = f"{first} {last1} {last2}" if rng.random() < 0.7 else f"{first} {last1}"
            return _Person(name, "es", "ES", _ascii(first), _ascii(last1))
        if roll < 0.80:
            surname, surname_py = rng.choice(_ZH_SURNAMES)
            chars = [rng.choice(_ZH_GIVEN) for _ in range(1 if rng.random() < 0.3 else 2)]
            name = surname + "".join(ch for ch, _ in chars)
            return _Person(name, "zh", "CN", "".join(py for _, py in chars), surname_py)
        if roll < 0.98:
            female = rng.random() < 0.5
            first = rng.choice(_RU_FEMALE if female else _RU_MALE)
            last = rng.choice(_RU_LAST) + ("а" if female else "")
            name = f"{first} {last}" if rng.random() < 0.8 else f"{last} {first}"
            return _Person(name, "ru", "RU", _ru_latin(first), _ru_latin(last))
        name, handle = rng.choice(_OTHER_NAMES)
        given, _, family = handle.partition(".")
        return _Person(name, "en", rng.choice(("US", "ES")), given, family)

    def email(self, person: _Person) -> str:
        rng = self.rng
        domain = rng.choice(_EMAIL_DOMAINS.get(person.language, _EMAIL_DOMAINS["en"]))
        given, family = person.given or "client", person.family or "shop"
        style = rng.randrange(5)
        if style == 0:
            local = f"{given}.{family}"
        elif style == 1:
            local = f"{given[0]}.{family}"
        elif style == 2:
            local = f"{given}{family}{rng.randrange(1, 99)}"
        elif style == 3:
            local = f"{family}_{given}"
        else:
            local = f"{given[0]}{family}{rng.randrange(1960, 2006)}"
        return f"{local}@{domain}"

    def phone(self, country: str) -> str:
        """An E.164 number in ranges phonenumbers accepts as valid (checked by the tests)."""
        rng = self.rng
        if country == "US":
            area = rng.choice(rng.choice(_US_CITIES)[3])
            return f"+1{area}{rng.randint(2, 9)}{_digits(rng, 6)}"
        if country == "ES":
            if rng.random() < 0.75:
                prefix = rng.choice(("6", "6", "6", "68", "71"))
                return f"+34{prefix}{_digits(rng, 9 - len(prefix))}"
            return f"+34{rng.choice(_ES_CITIES)[2]}{_digits(rng, 7)}"
        if country == "CN":
            if rng.random() < 0.85:
                prefix = rng.choice(("13", "18", "139", "138", "150", "186", "177"))
                return f"+86{prefix}{_digits(rng, 11 - len(prefix))}"
            return f"+8620{_digits(rng, 8)}"
        prefix = rng.choice(("91", "92", "95", "98", "903", "916", "926", "985", "495", "812"))
        return f"+7{prefix}{_digits(rng, 10 - len(prefix))}"

    def address(self, country: str) -> str:
        rng = self.rng
        if country == "US":
            city, state, zip_prefix, _ = rng.choice(_US_CITIES)
            street = f"{rng.choice(_US_STREETS)} {rng.choice(_US_SUFFIXES)}"
            unit = f", Apt {rng.randint(1, 40)}" if rng.random() < 0.3 else ""
            zip_code = f"{zip_prefix:03d}{rng.randrange(100):02d}"
            return f"{rng.randint(1, 9999)} {street}{unit}, {city}, {state} {zip_code}"
        if country == "ES":
            city, cp_prefix, _ = rng.choice(_ES_CITIES)
            floor = f", {rng.randint(1, 9)}º {rng.choice('ABCD')}" if rng.random() < 0.7 else ""
            return (
                f"{rng.choice(_ES_STREETS)}, {rng.randint(1, 120)}{floor}, "
                f"{cp_prefix}{rng.randrange(100):02d} {city}"
            )
        if country == "CN":
            city, post_prefix, districts = rng.choice(_CN_CITIES)
            return (
                f"{post_prefix}{rng.randrange(1000):03d} {city}{rng.choice(districts)}"
                f"{rng.choice(_CN_ROADS)}{rng.randint(1, 300)}号"
                f"{rng.randint(1, 12)}栋{rng.randint(1, 30)}{rng.randint(1, 4):02d}室"
            )
        city, index_prefix, _ = rng.choice(_RU_CITIES)
        return (
            f"{rng.choice(_RU_STREETS)}, д. {rng.randint(1, 150)}, кв. {rng.randint(1, 300)}, "
            f"г. {city}, {index_prefix}{rng.randrange(1000):03d}"
        )

    # Events ------------------------------------------------------------------------------------

    def moment_between(self, start: datetime) -> datetime:
        """A moment between ``start`` and now, during opening hours more often than not."""
        span = (self.now - start).total_seconds()
        return start + timedelta(seconds=int(self.rng.random() * span))

    def count(self, mean: float) -> int:
        """A skewed count with the given mean: most customers few, some many."""
        if mean <= 0:
            return 0
        return min(MAX_EVENTS_PER_CUSTOMER, int(self.rng.expovariate(1.0 / (mean + 0.5))))

    def text_language(self, language: str) -> str:
        return language if language in _SUMMARIES and self.rng.random() < 0.6 else "en"

    def contact(
        self, customer_since: datetime, language: str, staff: Sequence[int]
    ) -> dict[str, Any]:
        rng = self.rng
        when = self.moment_between(customer_since)
        lang = self.text_language(language)
        return {
            "kind": EventKind.CONTACT.value,
            "occurred_at": when,
            "staff_id": rng.choice(staff),
            "channel": rng.choices(self.channels, self.channel_weights)[0],
            "summary": rng.choice(_SUMMARIES[lang]),
            "outcome": rng.choice(_OUTCOMES[lang]),
            "ref_id": None,
            "created_at": when,
            "updated_at": when,
        }

    def purchase(self, customer_since: datetime, staff: Sequence[int]) -> dict[str, Any]:
        rng = self.rng
        description, low, high = rng.choice(self.catalogue)
        day = self.moment_between(customer_since).astimezone(self.zone).date()
        cents = rng.randint(low * 100, high * 100)
        cents = cents - cents % 100 + rng.choice((0, 0, 50, 95, 99))
        moment = datetime.combine(day, time(12), self.zone)  # as services.purchases does
        return {
            "purchased_on": day,
            "description": description,
            "amount_cents": cents,
            "staff_id": rng.choice(staff),
            "created_at": moment,
        }

    def items(self) -> list[dict[str, Any]]:
        """None, one or two things the shop looks after, serviced in the last 14 months."""
        rng = self.care_rng
        count = rng.choices((0, 1, 2), (50, 40, 10))[0]
        rows = []
        for _ in range(count):
            kind, names, details, every = rng.choice(_ITEMS)
            # Spread over one interval, so about one in ten is a little overdue (as in a shop
            # that keeps up) rather than a backlog of months-old reminders.
            last_service = (
                self.today - timedelta(days=rng.randrange(every * 30 + every * 3))
                if every
                else None
            )
            contract_end = (
                self.today + timedelta(days=rng.randrange(-30, 365)) if every is None else None
            )
            rows.append(
                {
                    "kind": kind,
                    "name": rng.choice(names),
                    "details": rng.choice(details),
                    "last_service_on": last_service,
                    "contract_end_on": contract_end,
                    "retired": rng.random() < 0.03,
                    "created_at": self.now,
                }
            )
        return rows

    def promises(self, staff: Sequence[int]) -> list[dict[str, Any]]:
        """Now and then a promise, made in the last weeks: mostly open, some kept or broken."""
        rng = self.care_rng
        if rng.random() >= 0.06:
            return []
        what, bottom_line, amount = rng.choice(_PROMISES)
        made = self.today - timedelta(days=rng.randrange(30))
        due = made + timedelta(days=rng.randrange(1, 21))
        status = rng.choices(("open", "kept", "broken"), (70, 25, 5))[0]
        if due < self.today and status == "open" and rng.random() < 0.6:
            status = "kept"  # most promises that came due were kept
        closed = (
            None if status == "open" else min(self.today, due + timedelta(rng.randrange(-2, 3)))
        )
        return [
            {
                "staff_id": rng.choice(staff),
                "what": what,
                "bottom_line": bottom_line,
                "bottom_line_cents": None if amount is None else amount * 100,
                "made_on": made,
                "due_on": due,
                "status": status,
                "closed_on": closed,
                "broken_reason": "Supplier out of stock" if status == "broken" else "",
                "created_at": self.now,
                "updated_at": self.now,
            }
        ]

    def complaints(self, customer_since: datetime, staff: Sequence[int]) -> list[_DemoComplaint]:
        """A few customers complained in the last 90 days: at every stage, some late."""
        rng = self.complaint_rng
        if rng.random() >= 0.03:
            return []
        since = max(customer_since, self.now - timedelta(days=90))
        opened = since + timedelta(seconds=int(rng.random() * (self.now - since).total_seconds()))
        category, what, wants = rng.choice(_COMPLAINTS)
        severity = rng.choices(list(_SEVERITY_WEIGHTS), list(_SEVERITY_WEIGHTS.values()))[0]
        response_target, resolution_target = DEFAULT_TARGETS[severity]
        response_due = deadline(opened, response_target, self.hours)
        resolution_due = deadline(opened, resolution_target, self.hours)
        author, owner = rng.choice(staff), rng.choice(staff)
        events = [(opened, author, "opened", "Complaint received")]
        if owner != author:
            events.append((opened, author, "owner", "Owner set"))
        row: dict[str, Any] = {
            "channel": rng.choices(_COMPLAINT_CHANNELS, _COMPLAINT_CHANNEL_WEIGHTS)[0],
            "category": category,
            "severity": severity,
            "what_happened": what,
            "customer_wants": wants,
            "owner_id": owner,
            "status": "new",
            "opened_at": opened,
            "response_due": response_due,
            "resolution_due": resolution_due,
            "responded_at": None,
            "resolved_at": None,
            "closed_at": None,
            "waiting_since": None,
            "resolution": "",
            "cost_cents": None,
            "satisfied": "",
            "response_missed_by_seconds": None,
            "resolution_missed_by_seconds": None,
        }
        # Most answer in time; about one in six late (from 20% to 140% of the allowed time).
        responded = opened + (response_due - opened) * rng.uniform(0.2, 1.4)
        if responded > self.now:
            return [_DemoComplaint(row, events)]
        row.update(status="acknowledged", responded_at=responded)
        events.append((responded, owner, "acknowledged", "Called the customer back"))
        if responded > response_due:
            late = int((responded - response_due).total_seconds())
            row["response_missed_by_seconds"] = late
            text = f"First response deadline missed by {late // 60} min"
            events.append((responded, owner, "deadline_missed", text))
        resolved = opened + (resolution_due - opened) * rng.uniform(0.3, 1.3)
        if resolved <= responded or resolved > self.now or rng.random() < 0.2:
            step = rng.random()
            if step < 0.5:
                events.append((responded, owner, "progress", "Work started"))
                row["status"] = "in_progress"
            elif step < 0.75:
                row.update(status="waiting", waiting_since=responded)
                events.append((responded, owner, "waiting", "Waiting for photos of the damage"))
            return [_DemoComplaint(row, events)]
        resolution, cost = rng.choice(_RESOLUTIONS)
        row.update(status="resolved", resolved_at=resolved, resolution=resolution)
        row["cost_cents"] = cost or None
        events.append((responded, owner, "progress", "Work started"))
        events.append((resolved, owner, "resolved", resolution))
        if resolved > resolution_due:
            late = int((resolved - resolution_due).total_seconds())
            row["resolution_missed_by_seconds"] = late
            text = f"Resolution deadline missed by {late // 60} min"
            events.append((resolved, owner, "deadline_missed", text))
        follow_up = resolved + timedelta(days=rng.randint(2, 7))
        if follow_up > self.now or rng.random() < 0.2:
            return [_DemoComplaint(row, events)]
        satisfied = rng.choices(("yes", "partly", "no"), (65, 25, 10))[0]
        row["satisfied"] = satisfied
        if satisfied == "no":
            row.update(status="in_progress", resolved_at=None)
            events.append((follow_up, owner, "reopened", "The customer is not satisfied: reopened"))
        else:
            row.update(status="closed", closed_at=follow_up)
            text = (
                "Closed: the customer is satisfied"
                if satisfied == "yes"
                else "Closed: the customer is partly satisfied"
            )
            events.append((follow_up, owner, "closed", text))
        return [_DemoComplaint(row, events)]

    def plan(
        self, tag_ids: dict[str, int], staff: Sequence[int], contacts_per_customer: float
    ) -> _Plan:
        rng = self.rng
        person = self.person()
        created = self.now - timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400))
        email = self.email(person) if rng.random() < 0.85 else ""
        phone = self.phone(person.country) if rng.random() < 0.9 else ""
        birthday = None
        if rng.random() < 0.7:
            birthday = date(1940, 1, 1) + timedelta(days=rng.randrange(66 * 365))
        notes = rng.choice(_NOTES[person.language]) if rng.random() < 0.1 else ""
        row: dict[str, Any] = {
            "name": person.name,
            "sort_name": sort_key(person.name)[:200],
            "phone": phone,
            "email": email,
            "address": self.address(person.country) if rng.random() < 0.8 else "",
            "birthday": birthday,
            "language": person.language,
            "notes": notes,
            "consent_mail": rng.random() < 0.3,
            "consent_email": bool(email) and rng.random() < 0.6,
            "consent_sms": bool(phone) and rng.random() < 0.5,
            "archived": rng.random() < 0.02,
            "archived_at": None,
            "last_purchase_on": None,
            "created_at": created,
            "updated_at": created,
        }
        if row["archived"]:
            row["archived_at"] = row["updated_at"] = self.moment_between(created)
        tags = [tag_ids[name] for name, share in _TAG_SHARES if rng.random() < share]
        plan = _Plan(row, tags)
        plan.purchases = [self.purchase(created, staff) for _ in range(self.count(1.5))]
        if plan.purchases:
            row["last_purchase_on"] = max(p["purchased_on"] for p in plan.purchases)
        plan.contacts = [
            self.contact(created, person.language, staff)
            for _ in range(self.count(contacts_per_customer))
        ]
        plan.items = self.items()
        plan.promises = self.promises(staff)
        plan.complaints = self.complaints(created, staff)
        return plan


def _ensure_staff(connection: Connection) -> list[int]:
    ids = list(
        connection.scalars(select(Staff.id).where(Staff.active == true()).order_by(Staff.id))
    )
    if ids:
        return ids
    now = datetime.now(UTC)
    phones = ("+34912345678", "+34612000111", "+34612000222", "+34612000333", "+34612000444")
    rows = [
        {"name": name, "title": title, "phone": phone, "is_manager": manager, "active": True,
         "created_at": now}
        for (name, title, manager), phone in zip(_STAFF, phones, strict=True)
    ]  # fmt: skip
    connection.execute(insert(Staff), rows)
    return list(connection.scalars(select(Staff.id).order_by(Staff.id)))


def _ensure_tags(connection: Connection) -> dict[str, int]:
    existing = {
        name.lower(): tag_id for tag_id, name in connection.execute(select(Tag.id, Tag.name))
    }
    missing = [{"name": name} for name, _ in _TAG_SHARES if name not in existing]
    if missing:
        connection.execute(insert(Tag), missing)
        existing = {
            name.lower(): tag_id for tag_id, name in connection.execute(select(Tag.id, Tag.name))
        }
    return {name: existing[name] for name, _ in _TAG_SHARES}


def _insert_returning_ids(
    connection: Connection, table: Table, rows: list[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` and return their new ids in the same order (portable RETURNING)."""
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [row_id for (row_id,) in connection.execute(statement, rows)]


def _write_complaints(
    connection: Connection, ids: list[int], plans: list[_Plan]
) -> list[dict[str, Any]]:
    """Insert the batch's complaints and their history; return their timeline entries."""
    complaints = [
        (cid, complaint)
        for cid, plan in zip(ids, plans, strict=True)
        for complaint in plan.complaints
    ]
    if not complaints:
        return []
    rows = [{**complaint.row, "customer_id": cid} for cid, complaint in complaints]
    complaint_ids = _insert_returning_ids(connection, _COMPLAINTS_TABLE, rows)
    history: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    for complaint_id, (customer_id, complaint) in zip(complaint_ids, complaints, strict=True):
        for at, staff_id, kind, note in complaint.events:
            history.append(
                {"complaint_id": complaint_id, "at": at, "staff_id": staff_id, "kind": kind,
                 "text": note}
            )  # fmt: skip
            entries.append(
                {
                    "customer_id": customer_id,
                    "kind": COMPLAINT_EVENT_KIND,
                    "occurred_at": at,
                    "staff_id": staff_id,
                    "channel": "",
                    "summary": complaint.row["what_happened"][:200],
                    "outcome": note,
                    "ref_id": complaint_id,
                    "created_at": at,
                    "updated_at": at,
                }
            )
    connection.execute(insert(_COMPLAINT_EVENTS), history)
    return entries


def _write_batch(connection: Connection, plans: list[_Plan]) -> None:
    ids = _insert_returning_ids(connection, _CUSTOMERS, [p.row for p in plans])
    terms: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    purchases: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for customer_id, plan in zip(ids, plans, strict=True):
        row = plan.row
        for term in sorted(customer_terms(row["name"], row["email"], [row["phone"]])):
            terms.append(
                {
                    "customer_id": customer_id,
                    "term": term,
                    "sort_name": row["sort_name"],
                    "archived": row["archived"],
                }
            )
        tags.extend({"customer_id": customer_id, "tag_id": tag_id} for tag_id in plan.tags)
        for purchase in plan.purchases:
            purchase["customer_id"] = customer_id
            purchases.append(purchase)
        for contact in plan.contacts:
            contact["customer_id"] = customer_id
            events.append(contact)
    connection.execute(insert(_TERMS), terms)
    items = [
        {**item, "customer_id": cid} for cid, p in zip(ids, plans, strict=True) for item in p.items
    ]
    if items:
        connection.execute(insert(_ITEMS_TABLE), items)
    promises = [
        {**pr, "customer_id": cid} for cid, p in zip(ids, plans, strict=True) for pr in p.promises
    ]
    if promises:
        promise_ids = _insert_returning_ids(connection, _PROMISES_TABLE, promises)
        for promise_id, promise in zip(promise_ids, promises, strict=True):
            moment = datetime.combine(promise["made_on"], time(12), UTC)
            events.append(
                {
                    "customer_id": promise["customer_id"],
                    "kind": "promise",
                    "occurred_at": moment,
                    "staff_id": promise["staff_id"],
                    "channel": "",
                    "summary": promise["what"],
                    "outcome": "",
                    "ref_id": promise_id,
                    "created_at": moment,
                    "updated_at": moment,
                }
            )
    events.extend(_write_complaints(connection, ids, plans))
    if tags:
        connection.execute(insert(_CUSTOMER_TAGS), tags)
    purchase_ids = _insert_returning_ids(connection, _PURCHASES, purchases)
    for purchase_id, purchase in zip(purchase_ids, purchases, strict=True):
        moment = purchase["created_at"]
        events.append(
            {
                "customer_id": purchase["customer_id"],
                "kind": EventKind.PURCHASE.value,
                "occurred_at": moment,
                "staff_id": purchase["staff_id"],
                "channel": "",
                "summary": purchase["description"],
                "outcome": "",
                "ref_id": purchase_id,
                "created_at": moment,
                "updated_at": moment,
            }
        )
    if events:
        connection.execute(insert(_EVENTS), events)


def generate_demo(
    db: Database,
    customers: int,
    *,
    seed: int = 1,
    contacts_per_customer: float = 10.0,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> None:
    """Add ``customers`` realistic customers with contacts and purchases to a migrated database.

    Deterministic for a ``seed`` and ``now`` (default: the start of today, UTC). Demo staff and
    tags are created when the database has none. ``progress(done, total)`` is called between
    batches.
    """
    if customers < 0:
        raise ValueError("customers must not be negative")
    if now is None:
        now = datetime.combine(datetime.now(UTC).date(), time(0), UTC)
    zone = ZoneInfo(SettingsService(db).get().time_zone)
    generator = _Generator(
        random.Random(seed),
        now,
        zone,
        random.Random(f"care:{seed}"),
        random.Random(f"complaints:{seed}"),
    )
    ensure_demo_company(db)
    with db.write() as session:
        connection = session.connection()
        staff = _ensure_staff(connection)
        tag_ids = _ensure_tags(connection)
    done = 0
    if progress is not None:
        progress(0, customers)
    while done < customers:
        size = min(BATCH_CUSTOMERS, customers - done)
        plans = [generator.plan(tag_ids, staff, contacts_per_customer) for _ in range(size)]
        with db.write() as session:
            _write_batch(session.connection(), plans)
        done += size
        if progress is not None:
            progress(done, customers)
    generate_feedback(db, now, seed)
    with db.write() as session:
        # Fresh planner statistics: without them SQLite walks the whole name index for a
        # search that matches a handful of customers (38 ms instead of 0.04 ms at 100,000).
        # Plain ANALYZE is understood by PostgreSQL too.
        session.execute(text("ANALYZE"))
        request_full_refresh(session)
