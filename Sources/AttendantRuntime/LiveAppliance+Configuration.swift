import AttendantEngine
import AttendantPrompts
import AttendantSimulation
import Foundation

/// Changing the running configuration: `reload` (and SIGHUP) from the file, and the
/// consoles' `validate` and `commit` from a text. One compile at a time; compiling
/// happens off the media and control threads, installing under the control lock.
extension LiveAppliance {
    public func reload() -> String {
        guard let compile else { return "error: this appliance was started without a menu file to reload" }
        // One compile at a time (consoles and SIGHUP); compiling happens off the media
        // and control threads, installing under the control lock.
        return reloadLock.withLock {
            let loaded: LoadedMenu
            do {
                loaded = try compile()
            } catch {
                logger.error("reload refused; the running configuration stays:\n\(error)")
                return "error: the new configuration was refused; the running one stays:\n\(error)"
            }
            return install(loaded)
        }
    }

    /// What a console commit or rollback leads to.
    public enum ConfigurationOutcome: Sendable {
        /// Running: the program's version (hex) and what to tell the administrator.
        case applied(version: String, report: String)
        /// Nothing changed: compile errors (file:line:column) or why the file could not be written.
        case refused(String)
    }

    /// Compiles `source` without installing it: its version, or its errors.
    public func check(configuration source: String) -> ConfigurationOutcome {
        guard let configuration else { return .refused("this appliance was started without a configuration file") }
        do {
            let loaded = try configuration.compile(source)
            let warnings = loaded.warnings.map(\.description)
            return .applied(version: String(loaded.program.version, radix: 16),
                            report: (warnings + ["valid: version \(String(loaded.program.version, radix: 16))"]).joined(separator: "\n"))
        } catch {
            return .refused("\(error)")
        }
    }

    /// Compiles `source`, writes it to the configuration file and installs it: new calls
    /// take it, calls in progress keep theirs. Any failure changes nothing.
    public func apply(configuration source: String) -> ConfigurationOutcome {
        guard let configuration else { return .refused("this appliance was started without a configuration file") }
        return reloadLock.withLock {
            let loaded: LoadedMenu
            do {
                loaded = try configuration.compile(source)
                try configuration.write(source)
            } catch {
                return .refused("\(error)")
            }
            return .applied(version: String(loaded.program.version, radix: 16), report: install(loaded))
        }
    }

    /// Installs a compiled program (the caller holds `reloadLock`).
    private func install(_ loaded: LoadedMenu) -> String {
        let program = ExecutableProgram(loaded)
        // The demo callers' ears learn the new prompts (an uploaded one, say).
        let recogniser = listeners.isEmpty ? nil : PromptRecogniser(prompts: loaded.prompts.allPrompts)
        let previous = controlLock.withLock { () -> UInt64 in
            let previous = appliance.currentProgram.version
            if previous != program.version {
                appliance.install(program)
                if let recogniser { listeners = listeners.map { _ in HeardPromptListener(recogniser: recogniser) } }
            }
            return previous
        }
        let version = String(program.version, radix: 16)
        guard previous != program.version else { return "unchanged: version \(version) is already running" }
        let menus = program.program.menus.count, clips = loaded.prompts.count, old = String(previous, radix: 16)
        logger.info("menu version \(version): \(menus) menus, \(clips) clips; calls in progress finish on \(old)")
        let warnings = loaded.warnings.map(\.description)
        return (warnings + ["reloaded: version \(version) takes new calls; calls in progress finish on \(old)"])
            .joined(separator: "\n")
    }
}
