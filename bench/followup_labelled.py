"""Hand-written pairs of years, labelled, for what the archive says of a township's promises (bench_followup):
each target of year N against year N+1's figure (达成 / 超额 / 未达成 / 次年未报告 / 无法判断), and each plan of
year N against N+1's report (落实, with the sentence that counts / 再次列入计划 / 未提及).

Written for this purpose in the genre's styles, not taken from any report: synonyms (地区生产总值 and GDP),
units that differ by 万, ceilings (以内) and 左右, masked figures, plans reported done in other words, plans
done in part, plans only mentioned as not done. The parser and the matcher did not see them while they were
being written; the misses are printed (--misses), not hidden.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TargetPair:
    target: str  # a sentence of year N's plans holding one target
    outcome: str  # a sentence of year N+1's achievements ('' when it says nothing of the indicator)
    expected: str  # reports.copying.targets.Outcome's value


TARGET_PAIRS = [
    TargetPair("力争完成固定资产投资5亿元。", "全年完成固定资产投资5.2亿元。", "met"),
    TargetPair("确保完成固定资产投资3亿元。", "全年完成固定资产投资3.8亿元，同比增长12%。", "exceeded"),
    TargetPair("力争完成固定资产投资6亿元。", "完成固定资产投资4.5亿元。", "missed"),
    TargetPair("地区生产总值达到20亿元。", "实现地区生产总值21亿元。", "met"),
    TargetPair("力争GDP突破15亿元。", "全镇地区生产总值达到16.1亿元。", "met"),
    TargetPair("农村居民人均可支配收入达到2万元。", "农村居民人均可支配收入达到21500元。", "met"),
    TargetPair("农村居民人均可支配收入增长8%。", "农村居民人均可支配收入增长6.5%。", "missed"),
    TargetPair("新建高标准农田1万亩。", "新建高标准农田12000亩。", "exceeded"),
    TargetPair("新建高标准农田8000亩。", "全年修缮渠道12公里。", "unreported"),
    TargetPair("新修通村道路20公里。", "新修通村道路20公里，群众出行更加便利。", "met"),
    TargetPair("城镇登记失业率控制在4%以内。", "城镇登记失业率3.6%。", "met"),
    TargetPair("城镇登记失业率控制在3%以内。", "城镇登记失业率3.4%。", "missed"),
    TargetPair("一般公共预算收入增长6%左右。", "一般公共预算收入增长6.3%。", "met"),
    TargetPair("一般公共预算收入增长5%左右。", "一般公共预算收入增长8%。", "exceeded"),
    TargetPair("力争引进项目10个。", "全年引进项目8个。", "missed"),
    TargetPair("力争引进项目X个。", "全年引进项目12个。", "unknown"),
    TargetPair("力争完成固定资产投资8亿元。", "完成固定资产投资**亿元。", "unknown"),
    TargetPair("新增就业岗位500个以上。", "新增就业岗位620个。", "exceeded"),
    TargetPair("新增就业岗位300个。", "新增就业300人。", "unreported"),
    TargetPair("粮食总产量稳定在5万吨以上。", "粮食总产量5.1万吨。", "met"),
    TargetPair("村集体经济收入全部达到10万元以上。", "村集体经济收入全部达到12万元以上。", "exceeded"),
    TargetPair("完成造林面积3000亩。", "完成造林面积2800亩，森林覆盖率提高到41%。", "missed"),
]


@dataclass(frozen=True)
class PlanPair:
    """Year N's plans, year N+1's achievements (paragraphs) and plans, and for each of N's plans what N+1 says
    of it: (status, the sentence of N+1 that counts, or '')."""

    plans: list[str]
    achievements: list[str]
    next_plans: list[str]
    expected: list[tuple[str, str]]


PLAN_PAIRS = [
    PlanPair(
        ["新建村级文化广场三处", "推进人居环境整治", "加强干部队伍建设"],
        ["全年新建村级文化广场三处，群众文化生活更加丰富。完成道路硬化12公里。"],
        ["深入推进人居环境整治提升", "抓好安全生产"],
        [("done", "全年新建村级文化广场三处，群众文化生活更加丰富。"), ("again", ""), ("not_mentioned", "")],
    ),
    PlanPair(
        ["建成农产品冷链物流中心", "完成中心小学教学楼改造"],
        ["农产品冷链物流中心建成投用，年周转能力5万吨。", "中心小学教学楼改造完成，新增学位300个。"],
        ["扩大冷链物流覆盖面"],
        [
            ("done", "农产品冷链物流中心建成投用，年周转能力5万吨。"),
            ("done", "中心小学教学楼改造完成，新增学位300个。"),
        ],
    ),
    PlanPair(
        ["实施河道清淤工程", "开展矛盾纠纷排查化解"],
        ["全年开展矛盾纠纷排查化解专项行动四次，化解纠纷56起。"],
        ["实施河道清淤工程"],
        [("again", ""), ("done", "全年开展矛盾纠纷排查化解专项行动四次，化解纠纷56起。")],
    ),
    PlanPair(
        ["发展设施农业大棚200座", "招引规模以上企业两家"],
        ["新建设施农业大棚210座，带动农户增收。", "引进企业一家，投资额5000万元。"],
        ["继续招引规模以上企业"],
        [("done", "新建设施农业大棚210座，带动农户增收。"), ("again", "")],
    ),
    PlanPair(
        ["完善便民服务中心功能", "推进智慧党建平台建设"],
        ["完善便民服务中心功能，实现一窗受理，办件量同比增长20%。"],
        [],
        [("done", "完善便民服务中心功能，实现一窗受理，办件量同比增长20%。"), ("not_mentioned", "")],
    ),
    PlanPair(
        ["建设垃圾中转站一座", "实施饮水安全巩固提升工程"],
        ["实施饮水安全巩固提升工程，新铺设供水管网18公里，受益群众3200人。"],
        ["谋划建设垃圾中转站"],
        [("again", ""), ("done", "实施饮水安全巩固提升工程，新铺设供水管网18公里，受益群众3200人。")],
    ),
    PlanPair(
        ["打造乡村旅游示范点", "培育新型农业经营主体"],
        ["乡村旅游示范点建设有序推进，接待游客3万人次。", "新培育家庭农场12家、农民专业合作社5家。"],
        ["提升乡村旅游示范点品质"],
        [("done", "乡村旅游示范点建设有序推进，接待游客3万人次。"), ("not_mentioned", "")],
    ),
    PlanPair(
        ["开展党员冬训", "整治农村乱搭乱建"],
        ["组织开展党员冬训，参训党员460人次。", "拆除违章建筑32处。"],
        ["持续开展党员冬训"],
        [("done", "组织开展党员冬训，参训党员460人次。"), ("not_mentioned", "")],
    ),
    PlanPair(
        ["修建文体活动中心", "改造老旧小区三个"],
        ["老旧小区改造因资金未到位推迟实施。"],
        ["争取资金改造老旧小区"],
        [("not_mentioned", ""), ("again", "")],
    ),
    PlanPair(
        ["推广稻渔综合种养", "建成电商服务站十个"],
        ["推广稻渔综合种养面积1500亩，亩均增收800元。", "建成村级电商服务站十个，实现村村全覆盖。"],
        [],
        [
            ("done", "推广稻渔综合种养面积1500亩，亩均增收800元。"),
            ("done", "建成村级电商服务站十个，实现村村全覆盖。"),
        ],
    ),
]
