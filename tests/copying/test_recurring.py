"""老问题: a township's problems that come back in later years, the same or nearly the same text."""

from reports.copying.recurring import Problem, recurring


def test_a_problem_written_again_in_later_years_recurs_in_each():
    problems = [
        Problem(1, 2021, "产业结构单一，带动能力不强。"),
        Problem(2, 2022, "产业结构较为单一，带动能力不强。"),
        Problem(3, 2023, "产业结构单一，龙头企业带动能力不强。"),
        Problem(4, 2022, "干部队伍老化，年轻干部储备不足。"),
        Problem(5, 2023, "基础设施欠账较多，公共服务不均衡。"),
    ]
    assert recurring(problems) == {1: [2021, 2022, 2023], 2: [2021, 2022, 2023], 3: [2021, 2022, 2023]}


def test_two_alike_problems_of_one_year_do_not_recur():
    problems = [Problem(1, 2022, "学习不够深入系统。"), Problem(2, 2022, "学习不够深入系统，有待加强。")]
    assert recurring(problems) == {}


def test_a_different_problem_on_the_same_subject_is_not_the_same_problem():
    problems = [
        Problem(1, 2021, "招商引资成效不明显，项目储备不足。"),
        Problem(2, 2022, "招商引资工作机制不健全，专业人才缺乏。"),
    ]
    assert recurring(problems) == {}
