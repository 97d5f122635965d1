"""The genre's words for its parts, declared once: what names a problem, what opens a plan.

Headings (sections.py), announcements of items (items.py) and unheaded parts (unheaded.py) are made of
these; a new word added here is known to all of them.
"""

# What a problem is called: '存在的问题', '短板和不足', '面临的困难和挑战'.
PROBLEM_WORDS = "问题|不足|差距|短板|困难|挑战|薄弱"
# Verbs that say problems exist: '还存在', '仍有', '面临'.
PROBLEMS_EXIST = "存在|还有|仍有|面临|也有"
# What opens the part about the future: '下一步', '今后', '明年'.
PLAN_LEADS = "下一步|下步|下阶段|下一阶段|今后|明年|来年"
