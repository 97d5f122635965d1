"""Township and county as a careful reader finds them: title chain first, then named places in the text."""

import pytest

from reports.parsing import parse_report
from reports.parsing.places import find_places
from reports.parsing.types import Found


@pytest.mark.parametrize(
    ("title", "body", "township", "county"),
    [
        ("白杨街道2022年工作总结及2023年工作思路", "", "白杨街道", None),
        ("和平县红旗乡2021年上半年工作总结", "", "红旗乡", "和平县"),
        ("关于城关镇2022年工作情况的报告", "", "城关镇", None),
        ("中共白杨镇委员会2022年党建工作报告", "", "白杨镇", None),
        ("内蒙古自治区鄂尔多斯市乌审旗图克镇2022年工作总结", "", "图克镇", "乌审旗"),
        ("", "根据通知要求，现将管仲镇三套班子工作情况汇报如下", "管仲镇", None),
        ("", "2022年以来，白杨镇党委坚持以习近平新时代中国特色社会主义思想为指导", "白杨镇", None),
        ("", "坚决确保党中央的每一项要求在管仲镇不折不扣落实", "管仲镇", None),
        ("", "在旗委、政府和镇党委的坚强领导下", None, None),
        ("", "并由镇党委牵头执行集体领导制度，要求镇党委班子", None, None),
        ("", "扎实推进乡村振兴，推动城乡融合发展，在全镇范围开展", None, None),
        ("", "在和平区委的坚强领导下，白杨街道党工委", "白杨街道", "和平区"),
        ("", "在县委县政府的正确领导下", None, None),
    ],
)
def test_places_come_from_the_title_and_strong_contexts_only(title, body, township, county):
    places = find_places(title, body)
    assert (places.township, places.county) == (township, county)


@pytest.mark.parametrize(
    ("title", "body", "township", "county"),
    [
        # the county named with the township in the first sentence
        ("", "青石县柳湾镇位于县境西北部，辖12个行政村。2022年，全镇上下齐心协力。", "柳湾镇", "青石县"),
        # the county only where the township lies, the township by its committee
        ("", "柳湾镇地处青石县西北部，总面积210平方公里。一年来，柳湾镇党委团结带领干部群众", "柳湾镇", "青石县"),
        # '在区委、区政府的坚强领导下' and one 区 named in the opening
        (
            "",
            "今年以来，东湖街道在区委、区政府的坚强领导下，紧扣南城区发展大局，各项工作稳中有进。",
            "东湖街道",
            "南城区",
        ),
        # 人民政府 and 办事处 between the places of a title
        ("江北市南湖区人民政府北岸街道办事处2022年工作总结", "", "北岸街道", "南湖区"),
        # a 苏木 after its banner in the text: two places, not one township '乌兰旗巴音苏木'
        ("", "2022年，在乌兰旗巴音苏木党委的坚强领导下，全苏木牧民人均收入稳步增长。", "巴音苏木", "乌兰旗"),
        ("", "2023年，在和平区白杨苏木党委的带领下，全苏木各项工作稳步推进。", "白杨苏木", "和平区"),
        # a development zone is no county
        ("", "白杨镇党委紧紧围绕经济开发区建设大局，积极服务园区企业。", "白杨镇", None),
        # a township that acts 'in the committee's lead', and one the author moved to
        ("", "2023年，是承前启后的一年。柳湾镇在县委、县政府的正确领导下，稳中求进。", "柳湾镇", None),
        ("", "各位领导：我于今年三月调入石桥镇，主持镇政府全面工作。", "石桥镇", None),
        # a name cut out of a county ('位于XX族自治县西南部' with XX removed) is no county
        ("", "乡位于族自治县西南部，距县城20公里。", None, None),
    ],
)
def test_a_county_named_in_the_text_comes_with_its_level(title, body, township, county):
    places = find_places(title, body)
    assert (places.township, places.county) == (township, county)


def test_a_title_names_the_township_whatever_the_text_mentions_more():
    places = find_places("柳湾镇2022年工作总结", "在石桥镇党委的支持下，石桥镇、石桥镇与柳湾镇共建")
    assert (places.township, places.township_found) == ("柳湾镇", Found.TITLE)


def test_two_townships_with_equal_claims_are_reported_not_chosen():
    places = find_places("", "2022年，柳湾镇党委、石桥镇党委共同推动两镇联建工作。")
    assert places.township is None
    assert places.doubts == ["乡镇名称不确定：正文同样多次提到柳湾镇和石桥镇，未作判断"]


def test_a_committee_level_with_one_such_place_named_later_in_the_text():
    text = "2022年，柳湾镇在区委、区政府和镇党委的领导下砥砺奋进。" + "全年完成投资2亿元。" * 40
    places = find_places("", text + "柳湾村被评为东河区美丽乡村示范村。")
    assert (places.county, places.found["county"]) == ("东河区", Found.BODY)


def test_a_committee_level_without_a_name_is_a_doubt_not_a_county():
    places = find_places("", "2022年，柳湾镇在县委、县政府的坚强领导下，各项工作稳步推进。")
    assert (places.township, places.county) == ("柳湾镇", None)
    assert places.doubts == ["只说到“县委”，未写出县名"]


def test_how_each_place_was_found():
    opening = "2022年，柳湾镇党委团结带领全镇干部群众，真抓实干。"
    assert find_places("青石县柳湾镇2022年工作总结", "").township_found == Found.TITLE
    assert find_places("", opening).township_found == Found.OPENING
    assert find_places("", "正文。" * 200 + opening).township_found == Found.BODY


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("*镇目前共有党政领导班子成员", "*镇"),
        ("**镇党委坚持", "**镇"),
        ("也是XX镇加压奋进的一年", "XX镇"),
        ("某乡", "某乡"),
    ],
)
def test_a_masked_township_is_recorded_as_written(text, masked):
    places = find_places("", text)
    assert (places.township, places.masked_township, places.township_found) == (None, masked, Found.MASKED)


def test_the_province_and_prefecture_of_a_title_are_kept():
    places = find_places("内蒙古自治区鄂尔多斯市乌审旗图克镇2022年工作总结", "")
    assert (places.province, places.prefecture) == ("内蒙古自治区", "鄂尔多斯市")


def test_a_whole_report_with_its_county_only_in_the_body():
    report = parse_report(
        "2022年工作总结\n"
        "石桥乡位于青石县东南部，辖9个行政村。2022年，石桥乡党委团结带领全乡干部群众，奋力拼搏。\n"
        "一、主要工作\n粮食播种面积稳定在3万亩。\n"
        "二、存在的问题\n一是产业链条短；二是基础设施薄弱。\n"
        "三、2023年工作打算\n持续壮大特色产业。\n"
    )
    meta = report.metadata
    assert (meta.township, meta.county, meta.year) == ("石桥乡", "青石县", 2022)
    assert (meta.found["township"], meta.found["county"], meta.found["year"]) == (
        Found.OPENING,
        Found.OPENING,
        Found.HEADING,  # '2023年工作打算': the plans heading's year minus one, trusted before the title
    )


@pytest.mark.parametrize(
    ("title", "township", "county"),
    [
        ("泰和区光山苏木领导班子2024年度工作情况汇报", "光山苏木", "泰和区"),  # a name ending in 和 is a name
        ("平和县文峰镇2023年工作总结", "文峰镇", "平和县"),
    ],
)
def test_a_county_and_township_in_a_title_are_two_places(title, township, county):
    places = find_places(title, "")
    assert (places.township, places.county) == (township, county)


@pytest.mark.parametrize(
    ("title", "township", "county"),
    [
        # A year before the chain of places once hid the whole chain.
        ("2021年和平县人民政府红旗乡人民政府工作报告", "红旗乡", "和平县"),
        ("2022年度东风区白杨街道办事处工作总结", "白杨街道", "东风区"),
        ("2023年江南省青石市东风区人民政府柳湾街道办事处工作要点", "柳湾街道", "东风区"),
        # A 村 inside a street's name: '新村' subdistricts are many in big cities.
        ("2020年东风区桃园新村街道办事处工作总结", "桃园新村街道", "东风区"),
        ("东风区梅林新村街道2021年工作总结", "梅林新村街道", "东风区"),
    ],
)
def test_a_title_s_chain_of_places_is_read_past_its_year_and_with_a_village_in_a_street_s_name(title, township, county):
    places = find_places(title, "")
    assert (places.township, places.county) == (township, county)


@pytest.mark.parametrize(
    "body",
    [
        "全县被列为高标准农田建设项目区，项目区白杨镇新建灌溉渠道8公里。",
        "我县是省级示范申报县，申报县白杨镇承担试点任务。",
        "作为对口帮扶县，帮扶县白杨镇与东部乡镇结对。",
        "试点县白杨镇先行先试，走在前列。",
    ],
)
def test_a_role_or_a_programme_before_县_or_区_is_no_county(body):
    """Once '申报县' and '项目区' were read as counties and stored, and a cleared one came back."""
    places = find_places("白杨镇2022年工作总结", body)
    assert places.county is None and places.township == "白杨镇"


def test_in_running_text_a_village_word_is_still_no_name():
    places = find_places("", "扎实推进乡村振兴，新村镇建设提速，在全镇范围开展人居环境整治")
    assert places.township is None
