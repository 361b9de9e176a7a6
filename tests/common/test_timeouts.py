"""The time limits: of wall time (the query deadline) and of CPU time (the importer's), alone and
inside another one."""

import signal
import threading
import time

import pytest

from common.timeouts import cpu_time_limit, time_limit

# The test runner's own limit is an interval timer too: off here, so these tests set every timer there is.
pytestmark = pytest.mark.timeout(0)


class Expired(BaseException):
    pass


class OuterExpired(BaseException):
    pass


def expire(signum, frame):
    raise Expired


def outer_expire(signum, frame):
    raise OuterExpired


@pytest.fixture(autouse=True)
def no_timer_left():
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.signal(signal.SIGPROF, signal.SIG_DFL)


def test_a_block_past_its_time_is_stopped_inside():
    started = time.monotonic()
    with pytest.raises(Expired), time_limit(0.05, expire):
        time.sleep(2)
    assert time.monotonic() - started < 1
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_a_block_in_time_leaves_no_timer_and_the_handler_it_found():
    with time_limit(5, expire):
        pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_an_outer_timer_is_given_back_what_is_left_of_it():
    signal.signal(signal.SIGALRM, outer_expire)
    signal.setitimer(signal.ITIMER_REAL, 30)
    with time_limit(5, expire):
        time.sleep(0.2)
    left = signal.getitimer(signal.ITIMER_REAL)[0]
    assert 29 < left <= 29.8  # not the 25 a limit that took its own whole time back would leave
    assert signal.getsignal(signal.SIGALRM) is outer_expire


def test_an_outer_timer_that_ends_first_is_left_to_stop_the_block():
    signal.signal(signal.SIGALRM, outer_expire)
    with pytest.raises(OuterExpired):
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with time_limit(5, expire):
            assert signal.getsignal(signal.SIGALRM) is outer_expire
            time.sleep(5)


def test_an_inner_limit_stops_the_block_and_the_outer_one_still_runs():
    signal.signal(signal.SIGALRM, outer_expire)
    signal.setitimer(signal.ITIMER_REAL, 30)
    with pytest.raises(Expired), time_limit(0.05, expire):
        time.sleep(2)
    assert 29 < signal.getitimer(signal.ITIMER_REAL)[0] < 30
    assert signal.getsignal(signal.SIGALRM) is outer_expire


def test_outside_the_main_thread_the_block_runs_without_a_limit():
    ran = []

    def block():
        with time_limit(0.05, expire):
            time.sleep(0.2)
        ran.append(signal.getitimer(signal.ITIMER_REAL)[0])

    worker = threading.Thread(target=block)
    worker.start()
    worker.join()
    assert ran == [0]  # it ran to its end, and set no timer (a thread cannot take the signal)


# The CPU-time limit. Busy loops use CPU time and sleeps use none, so what these show does not depend
# on how fast or how busy the machine is. A loop that is never stopped gives up after 30 s of CPU time
# and fails, so a broken limit fails its test instead of hanging it (the runner's limit is off here).
# The kernel keeps a CPU-time timer in clock ticks (1 to 10 ms), so what it reads back is up to a tick more.
TICK = 0.01


def busy(cpu_seconds: float) -> None:
    started = time.process_time()
    while time.process_time() - started < cpu_seconds:
        pass


def busy_until_stopped() -> None:
    busy(30)
    pytest.fail("not stopped")


def test_a_busy_block_past_its_cpu_time_is_stopped_inside():
    started = time.process_time()
    with pytest.raises(Expired), cpu_time_limit(0.05, expire):
        busy_until_stopped()
    assert time.process_time() - started < 1
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0
    assert signal.getsignal(signal.SIGPROF) is signal.SIG_DFL


def test_a_waiting_block_uses_no_cpu_time_and_is_not_stopped():
    """What a busy machine does to a block: it waits for a core. That costs wall time, never CPU time."""
    with cpu_time_limit(0.05, expire):
        time.sleep(0.3)
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0
    assert signal.getsignal(signal.SIGPROF) is signal.SIG_DFL


def test_an_outer_cpu_timer_is_given_back_what_is_left_of_it():
    signal.signal(signal.SIGPROF, outer_expire)
    signal.setitimer(signal.ITIMER_PROF, 30)
    with cpu_time_limit(5, expire):
        busy(0.2)
    left = signal.getitimer(signal.ITIMER_PROF)[0]
    assert 29 < left <= 29.8 + TICK  # not the 25 a limit that took its own whole time back would leave
    assert signal.getsignal(signal.SIGPROF) is outer_expire


def test_an_outer_cpu_timer_that_ends_first_is_left_to_stop_the_block():
    signal.signal(signal.SIGPROF, outer_expire)
    with pytest.raises(OuterExpired):
        signal.setitimer(signal.ITIMER_PROF, 0.1)
        with cpu_time_limit(5, expire):
            assert signal.getsignal(signal.SIGPROF) is outer_expire
            busy_until_stopped()


def test_a_cpu_time_limit_and_a_wall_time_limit_leave_each_other_alone():
    """Two timers: a CPU-time limit inside a deadline (or the test runner's limit) neither cancels it
    nor takes its signal, and the other way round."""
    signal.signal(signal.SIGALRM, outer_expire)
    signal.setitimer(signal.ITIMER_REAL, 30)
    with pytest.raises(Expired), cpu_time_limit(0.05, expire):
        assert signal.getsignal(signal.SIGALRM) is outer_expire
        busy_until_stopped()
    assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30
    assert signal.getsignal(signal.SIGALRM) is outer_expire
    signal.setitimer(signal.ITIMER_REAL, 0)

    signal.signal(signal.SIGPROF, outer_expire)
    signal.setitimer(signal.ITIMER_PROF, 30)
    with pytest.raises(Expired), time_limit(0.05, expire):
        time.sleep(2)
    assert 29 < signal.getitimer(signal.ITIMER_PROF)[0] <= 30 + TICK
    assert signal.getsignal(signal.SIGPROF) is outer_expire


def test_outside_the_main_thread_a_busy_block_runs_without_a_cpu_time_limit():
    ran = []

    def block():
        with cpu_time_limit(0.05, expire):
            busy(0.2)
        ran.append(signal.getitimer(signal.ITIMER_PROF)[0])

    worker = threading.Thread(target=block)
    worker.start()
    worker.join()
    assert ran == [0]  # it ran to its end, and set no timer (a thread cannot take the signal)
