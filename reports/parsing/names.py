"""What a place name looks like: the endings of each level, and the words that end like a name but are not.

'管仲镇' is a township, '乌审旗' a county; '全镇', '要求镇党委' and '经济开发区' name no place.
"""

from __future__ import annotations

import re

TOWNSHIP_SUFFIX = r"(?:街道办事处|街道|镇|乡|苏木)"
# County level, the longest first: 自治县 before 县. 市 is a county-level city or a prefecture.
COUNTY_SUFFIX = r"(?:自治县|自治旗|县|旗|区|市)"
ABOVE_COUNTY_SUFFIX = r"(?:省|自治区|自治州|州|盟|地区)"
HAN = r"[\u4e00-\u9fff]"

# Words that end like a place name but are not one, or that start a phrase rather than a name.
_NOT_NAME_CHARS = set("全我本该各此其每这那个的了与及或对把被从向于以将等村社镇乡省委在")
# A name does not end in a verb: '要求镇党委', '并由镇党委', '明确镇领导班子' name no township.
_NOT_NAME_ENDS = set("由求确将到至向对让使令促动施设成开善活解实督导领带请邀召建推进强抓")
_NOT_NAME_STARTS = re.compile(
    r"^(推动|推进|促进|实施|建设|开展|加强|加快|深化|打造|发展|美丽|和谐|文明|特色|重点|示范|中心|小城|"
    r"城乡|乡镇|集镇|城镇|宜居|田园|全国|全省|全市|各级|省级|市级|县级|历史|名镇|强镇|标准|所在|驻地|乡村|"
    r"坚决|坚持|持续|扎实|全面|积极|认真|深入|切实|不断|进一步|有效|着力|围绕|执行|落实|贯彻|按照|根据|配合|协调|"
    r"组织|召开|要求|指导|帮助|督促|支持|保障|服务|联系|依托|立足|结合|参加|参与|邀请|完成|完善|推行|负责|牵头|"
    r"成立|设立|主持|分管|协助|担任|兼任|主要|相关|有关|上级|经过|通过|按期|及时|共同|统一|一起|重视|关心|政府|人大|党委)"
)
# Institutions are no part of a name: '县政府和镇党委' names no township '县政府和镇'.
_NOT_NAME_PARTS = re.compile("政府|党委|党工委|人大|纪委|委员会|班子")
# '经济开发区', '风景区', '社区' end in 区 and are no county; nor do a role or a programme ('申报县', '项目区',
# '试点县', '帮扶县'): a county is a proper name, not a verb or a common noun before 县/区.
_NOT_COUNTY = re.compile(
    r"(开发|园|景|社|小|片|辖|示范|保护|工业|功能|试验|集中|库|山|牧|林|矿|灾|老|边|郊|市|校|商|住宅|居住|产业|核心|"
    r"重点|风景|旅游|管|街|城市|中心|地|农|牧|街道|都|集|超|门|上|县城|项目|申报|试点|贫困|帮扶|对口|受援|结对|"
    r"创建|争创|先行|样板|达标|全域|学|选|营|战|防|分)(区|市|县)$"
)


def is_valid_name(name: str, *, in_title: bool = False) -> bool:
    """'管仲' and '沙日浩来' are names; '全' '要求' '推动城' are not. In a title's chain of places a 村 may
    stand in a name ('长白新村街道'): in running text '乡村' and '村镇' are words, not names."""
    refused = _NOT_NAME_CHARS - {"村"} if in_title else _NOT_NAME_CHARS
    return (
        2 <= len(name) <= 5
        and not (set(name) & refused)
        and name[-1] not in _NOT_NAME_ENDS
        and not _NOT_NAME_STARTS.search(name)
        and not _NOT_NAME_PARTS.search(name)
    )


def is_county_name(name: str, suffix: str) -> bool:
    """'和平' + '区' is a district; '经济开发' + '区', '城' + '市' and '族自治' + '县' (a name cut out) are not."""
    return is_valid_name(name) and not _NOT_COUNTY.search(name + suffix) and not name.startswith(("族", "自治"))
