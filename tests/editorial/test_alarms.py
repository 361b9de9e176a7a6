"""The time limit shared by the request deadline and the importer, alone and inside another one."""

import signal
import threading
import time

import pytest

from editorial.alarms import alarm

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


def test_a_block_past_its_time_is_stopped_inside():
    started = time.monotonic()
    with pytest.raises(Expired), alarm(0.05, expire):
        time.sleep(2)
    assert time.monotonic() - started < 1
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_a_block_in_time_leaves_no_timer_and_the_handler_it_found():
    with alarm(5, expire):
        pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_an_outer_timer_is_given_back_what_is_left_of_it():
    signal.signal(signal.SIGALRM, outer_expire)
    signal.setitimer(signal.ITIMER_REAL, 30)
    with alarm(5, expire):
        time.sleep(0.2)
    left = signal.getitimer(signal.ITIMER_REAL)[0]
    assert 29 < left <= 29.8  # not the 25 a limit that took its own whole time back would leave
    assert signal.getsignal(signal.SIGALRM) is outer_expire


def test_an_outer_timer_that_ends_first_is_left_to_stop_the_block():
    signal.signal(signal.SIGALRM, outer_expire)
    with pytest.raises(OuterExpired):
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with alarm(5, expire):
            assert signal.getsignal(signal.SIGALRM) is outer_expire
            time.sleep(5)


def test_an_inner_limit_stops_the_block_and_the_outer_one_still_runs():
    signal.signal(signal.SIGALRM, outer_expire)
    signal.setitimer(signal.ITIMER_REAL, 30)
    with pytest.raises(Expired), alarm(0.05, expire):
        time.sleep(2)
    assert 29 < signal.getitimer(signal.ITIMER_REAL)[0] < 30
    assert signal.getsignal(signal.SIGALRM) is outer_expire


def test_outside_the_main_thread_the_block_runs_without_a_limit():
    ran = []

    def block():
        with alarm(0.05, expire):
            time.sleep(0.2)
        ran.append(signal.getitimer(signal.ITIMER_REAL)[0])

    worker = threading.Thread(target=block)
    worker.start()
    worker.join()
    assert ran == [0]  # it ran to its end, and set no timer (a thread cannot take the signal)
