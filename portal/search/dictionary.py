"""jieba's user dictionary: the portal's own Chinese names and aliases, read from the database.

Loaded once per process, when the first Chinese query or record is cut into words, so the names the
portal holds (西安交通大学, 新丝绸之路大学联盟, and aliases such as 西安交大) stay whole words.
"""

import re

from django.db import DatabaseError

from .text_fields import CHINESE_NAME_FIELDS

MAX_WORDS = 50_000
HAN_WORD = re.compile(r"^[\u3400-\u9fff]{2,20}$")


def user_words():
    from .documents import SPECS

    words = set()
    try:
        for spec in SPECS.values():
            fields = [name for name in CHINESE_NAME_FIELDS if name in spec.names]
            if not fields:
                continue
            for row in spec.model.objects.values_list(*fields)[:MAX_WORDS]:
                for value in row:
                    for word in (value or "").replace("|", " ").split():
                        if HAN_WORD.match(word):
                            words.add(word)
    except DatabaseError:  # before the tables exist (migrations)
        return []
    return sorted(words)[:MAX_WORDS]
