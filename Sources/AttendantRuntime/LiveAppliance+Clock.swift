import Foundation

/// The board's clock: `set time` on the console, and call times that follow the
/// machine's clock when it is set (there, by NTP or by hand) or drifts from the audio clock.
extension LiveAppliance {
    /// Runs `clockSetter` with the new time; once the machine's clock moved, the
    /// control loop's `followWallClock()` moves call times with it.
    public func setClock(to date: Date) -> [String] {
        guard let clockSetter else { return ["error: this run does not set the machine's clock (run --clock-setter)"] }
        let output = clockSetter(date)
        followWallClock()
        return output
    }

    /// Call times from now on count from the machine's clock, if it moved more than a
    /// second away from the frames' count. The control loop calls it every half second.
    func followWallClock() {
        guard followsWallClock else { return }
        let step = appliance.clock.follow(frame: appliance.engine.frame, now: Date())
        if step != 0 { logger.notice("the machine's clock moved \(String(format: "%+.1f", step)) s: call times follow it") }
    }
}
