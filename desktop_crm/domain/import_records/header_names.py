"""Recognising columns: the header names known for each import field, in several languages."""

from __future__ import annotations

import re

from desktop_crm.domain.import_records.record import IMPORT_FIELDS
from desktop_crm.domain.search_text import fold

_NON_WORD = re.compile(r"[\W_]+")

_HEADERS: dict[str, str] = {}


def _known(field: str, *headers: str) -> None:
    for header in headers:
        _HEADERS[normalize_header(header)] = field


def normalize_header(header: str) -> str:
    """A header folded for comparison: ``"E-mail 1 - Value"`` -> ``"e mail 1 value"``."""
    return _NON_WORD.sub(" ", fold(header)).strip()


_known(
    "name",
    "name",
    "full name",
    "display name",
    "customer",
    "customer name",
    "client",
    "client name",
    "contact",
    "contact name",
    "nombre",
    "nombre completo",
    "cliente",
    "nombre del cliente",
    "contacto",
    "имя",
    "фио",
    "ф и о",
    "полное имя",
    "клиент",
    "имя клиента",
    "контакт",
    "姓名",
    "名字",
    "名称",
    "客户",
    "客户名称",
    "客户姓名",
    "联系人",
)
_known(
    "first_name",
    "first name",
    "first_name",
    "given name",
    "forename",
    "nombre de pila",
    "primer nombre",
    "имя отчество",
    "名",
)
_known(
    "last_name",
    "last name",
    "last_name",
    "family name",
    "surname",
    "apellido",
    "apellidos",
    "primer apellido",
    "фамилия",
    "姓",
    "姓氏",
)
_known(
    "phone",
    "phone",
    "phones",
    "telephone",
    "tel",
    "phone number",
    "telephone number",
    "mobile",
    "mobile number",
    "mobile phone",
    "cell",
    "cell phone",
    "cellphone",
    "primary phone",
    "home phone",
    "home phone 2",
    "business phone",
    "business phone 2",
    "other phone",
    "company main phone",
    "car phone",
    "teléfono",
    "telefono",
    "teléfonos",
    "tfno",
    "tlf",
    "móvil",
    "movil",
    "celular",
    "número de teléfono",
    "телефон",
    "телефоны",
    "тел",
    "номер телефона",
    "мобильный",
    "мобильный телефон",
    "сотовый",
    "电话",
    "手机",
    "手机号",
    "手机号码",
    "电话号码",
    "联系电话",
)
_known(
    "email",
    "email",
    "e-mail",
    "emails",
    "mail",
    "email address",
    "e-mail address",
    "e-mail 2 address",
    "e-mail 3 address",
    "correo",
    "correo electrónico",
    "email de contacto",
    "почта",
    "эл почта",
    "электронная почта",
    "адрес электронной почты",
    "邮箱",
    "电子邮件",
    "电子邮箱",
    "邮件",
)
_known(
    "address",
    "address",
    "full address",
    "postal address",
    "home address",
    "business address",
    "other address",
    "dirección",
    "direccion",
    "domicilio",
    "адрес",
    "почтовый адрес",
    "地址",
    "联系地址",
    "住址",
)
_known("street", "street", "street address", "calle", "улица", "街道")
_known("city", "city", "town", "ciudad", "localidad", "población", "город", "城市", "市")
_known(
    "postal_code",
    "postal code",
    "postcode",
    "zip",
    "zip code",
    "código postal",
    "codigo postal",
    "cp",
    "индекс",
    "почтовый индекс",
    "邮编",
    "邮政编码",
)
_known(
    "region",
    "region",
    "state",
    "province",
    "county",
    "provincia",
    "región",
    "comunidad",
    "область",
    "регион",
    "край",
    "省",
    "省份",
    "地区",
)
_known("country", "country", "country/region", "país", "pais", "страна", "国家", "国家/地区")
_known(
    "birthday",
    "birthday",
    "birth date",
    "birthdate",
    "date of birth",
    "dob",
    "cumpleaños",
    "fecha de nacimiento",
    "день рождения",
    "дата рождения",
    "生日",
    "出生日期",
)
_known("language", "language", "idioma", "lengua", "язык", "语言")
_known(
    "notes",
    "notes",
    "note",
    "comments",
    "comment",
    "remarks",
    "notas",
    "nota",
    "comentarios",
    "observaciones",
    "заметки",
    "заметка",
    "примечание",
    "примечания",
    "комментарий",
    "комментарии",
    "备注",
    "注释",
    "说明",
)
_known(
    "tags",
    "tags",
    "tag",
    "labels",
    "categories",
    "category",
    "group membership",
    "groups",
    "group",
    "etiquetas",
    "categorías",
    "grupos",
    "теги",
    "метки",
    "категории",
    "группы",
    "标签",
    "分类",
    "分组",
)
for _field in IMPORT_FIELDS:
    _known(_field, _field)  # our own export's headers ("postal_code", "consent_sms")
