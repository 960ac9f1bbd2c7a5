import { Stopper, sleep, waitForProgress } from "./progress";

describe("waitForProgress", () => {
  test("waits as long as progress keeps moving, however long that takes", async () => {
    let n = 0;
    const timer = setInterval(() => n++, 20);
    try {
      await waitForProgress("count", () => n >= 10, () => n, { stallMs: 100, pollMs: 5 });
    } finally {
      clearInterval(timer);
    }
    expect(n).toBeGreaterThanOrEqual(10);
  });

  test("fails when progress stalls, naming the label and the count", async () => {
    await expect(waitForProgress("stuck", () => false, () => 7, { stallMs: 50, pollMs: 5, describe: () => "acked 7" })).rejects.toThrow("stuck: no progress for 0 s (progress 7); acked 7");
  });

  test("stops when the stopper fires", async () => {
    const stopper = new Stopper();
    let n = 0;
    const wait = waitForProgress("stopped", () => false, () => n++, { stallMs: 10_000, pollMs: 5, stopper });
    await sleep(20);
    stopper.stop("test over");
    await expect(wait).rejects.toThrow("stopped: stopped (test over)");
  });
});
