"""Reading many reports in worker processes gives what reading them one by one gives, in order."""

from reports.preparing import IN_FLIGHT, Job, read_in_parallel, read_job
from reports.reading import DEFAULT_LIMITS, UnreadableDocument
from tests.conftest import seed_files

RULES = {"招商引资": ["招商"]}


def spans(draft):
    return (draft.section, draft.issue, draft.start, draft.end, draft.heading_chars, draft.text)


def test_worker_processes_read_the_same_as_one_process(tmp_path):
    bad = tmp_path / "空.txt"
    bad.write_bytes(b"")
    jobs = [Job(name=path.name, path=str(path)) for path in seed_files()]
    jobs += [Job(name="空.txt", path=str(bad)), Job(name="文本", text="白杨镇2022年工作总结\n一、成效\n招商引资有力。")]
    jobs.append(Job(name="不存在.txt", path=str(tmp_path / "不存在.txt")))
    alone = [read_job(job, RULES, DEFAULT_LIMITS) for job in jobs]
    together = list(read_in_parallel(jobs, theme_rules=RULES, limits=DEFAULT_LIMITS, workers=2))
    assert [type(r) for r in together] == [type(r) for r in alone]
    for one, other in zip(alone, together, strict=True):
        if isinstance(one, UnreadableDocument):
            assert one.message == other.message
        else:
            assert (one.sha256, one.parsed.issues) == (other.sha256, other.parsed.issues)
            assert [spans(d) for d in one.passages] == [spans(d) for d in other.passages]
    assert "空" in alone[-3].message or "内容" in alone[-3].message
    assert "无法读取文件" in alone[-1].message


def test_reading_in_parallel_hands_out_two_windows_of_jobs_at_most():
    """Readings wait in memory until they are written: only so many jobs may be read ahead."""
    pulled = []

    def jobs():
        for number in range(150):
            pulled.append(number)
            yield Job(name=f"{number}", text=f"第{number}号镇2022年工作总结\n一、成效\n招商引资有力。")

    readings = read_in_parallel(jobs(), theme_rules=RULES, limits=DEFAULT_LIMITS, workers=2)
    first = next(readings)
    assert len(pulled) <= 2 * 2 * IN_FLIGHT < 150
    titles = [first.parsed.text.split("\n")[0], *(reading.parsed.text.split("\n")[0] for reading in readings)]
    assert titles == [f"第{number}号镇2022年工作总结" for number in range(150)]
