import pytest

from reports.parsing.metadata import find_places, is_valid_name


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
    assert places.township is None
    assert places.masked_township == masked


def test_the_province_and_prefecture_of_a_title_are_kept():
    places = find_places("内蒙古自治区鄂尔多斯市乌审旗图克镇2022年工作总结", "")
    assert (places.province, places.prefecture) == ("内蒙古自治区", "鄂尔多斯市")


@pytest.mark.parametrize(
    ("name", "valid"), [("管仲", True), ("沙日浩来", True), ("全", False), ("要求", False), ("推动城", False)]
)
def test_what_counts_as_a_name(name, valid):
    assert is_valid_name(name) is valid
