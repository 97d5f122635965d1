"""Keyword rules -> themes. The rules are passed in (editors keep them in the database);
DEFAULT_THEMES is the starting set, used when no database is at hand (parse_report on the command line)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

_THEME_KEYWORDS = {
    "理论学习": "理论学习、学习教育、中心组学习、政治理论、理论武装、学懂弄通、学习氛围、研讨、知行合一",
    "党的建设": "党建、党的建设、党支部、基层党组织、党员、三会一课、组织生活、党组织、党内制度",
    "作风纪律": "作风、纪律、廉政、廉洁、形式主义、官僚主义、违规违纪、八项规定、从严治党、一岗双责",
    "意识形态": "意识形态、宣传思想、舆论、舆情、思想阵地",
    "干部队伍": "干部队伍、干部、班子成员、人才、本领、担当、状态不佳、教育管理、干事创业",
    "经济发展": "经济、产业、高质量发展、项目建设、集体经济、营商环境、增收、转方式、调结构",
    "招商引资": "招商引资、招商、引进企业、大项目、好项目、入园企业",
    "民生保障": "民生、公共服务、义务教育、学校、医疗、养老、就业、社会保障、低保、美好生活、群众工作",
    "生态环保": "生态、环保、环境保护、污染、绿色、人居环境、垃圾",
    "疫情防控": "疫情、防疫、核酸、口罩",
    "社会治理": "社会治理、矛盾纠纷、信访、安全生产、平安、综治、基层治理、网格",
    "乡村振兴": "乡村振兴、脱贫、巩固拓展、农业、粮食、农牧业",
}
DEFAULT_THEMES: dict[str, tuple[str, ...]] = {name: tuple(words.split("、")) for name, words in _THEME_KEYWORDS.items()}


def tag_themes(text: str, rules: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """'疫情防控存在短板。部分干部…' -> ('干部队伍', '疫情防控'): every theme with a keyword in the text."""
    return tuple(name for name, keywords in rules.items() if any(word and word in text for word in keywords))
