import AttendantSyntax

/// Warnings about the program as a whole: menus no caller reaches, loops with no way
/// out, keys no prompt tells callers about.
extension Checker {
    static func targets(of action: MenuAction) -> [MenuID] {
        if case .goto(let target) = action.transfer { return [target] }
        return []
    }

    mutating func warnUnreachable(_ syntax: [MenuSyntax], menus: [Menu], entry: MenuID, callRules: [Rule],
                                  queues: [QueueDeclaration]) {
        var reached: Set<MenuID> = [entry]
        // A queue's handlers count as reached: a menu that sends callers to the queue is checked on its own.
        var pending = [entry] + (callRules.map(\.action) + queues.flatMap(\.allActions)).flatMap(Self.targets)
        reached.formUnion(pending)
        while let menu = pending.popLast() {
            for target in menus[menu].allActions.flatMap(Self.targets) where reached.insert(target).inserted {
                pending.append(target)
            }
        }
        let entryName = menus[entry].name
        for (index, menu) in syntax.enumerated() where !reached.contains(index) {
            diagnostics.append(Diagnostic(.warning, at: menu.name.location,
                                          "menu '\(menu.name.text)' is never reached from entry '\(entryName)'"))
        }
    }

    /// A menu from which no path ends the call or hands it on: a caller there can only hang up.
    mutating func warnNoWayOut(_ menus: [Menu], entry: MenuID) {
        func endsHere(_ action: MenuAction) -> Bool {
            action.transfer == .hangup || action.steps.contains { if case .request = $0 { true } else { false } }
        }
        var canEnd = Set(menus.indices.filter { menus[$0].allActions.contains(where: endsHere) })
        var changed = true
        while changed {
            changed = false
            for index in menus.indices where !canEnd.contains(index) {
                // `back` returns to a menu that led here; count it as a way out only via targets.
                if menus[index].allActions.flatMap(Self.targets).contains(where: canEnd.contains) {
                    canEnd.insert(index)
                    changed = true
                }
            }
        }
        for index in menus.indices where !canEnd.contains(index) {
            let hasBack = menus[index].allActions.contains { $0.transfer == .back }
            guard !hasBack else { continue }
            diagnostics.append(Diagnostic(.warning, at: menus[index].location,
                                          "menu '\(menus[index].name)' is a loop with no way out: nothing reachable from it ends or hands on the call"))
        }
    }

    /// Where `location` is, as seen from a diagnostic at `reported`: the file is named
    /// only when it is another one.
    /// A key the menu acts on that none of its prompts tells callers about, when the
    /// catalogue says which keys its prompts offer (`offers 1, 2`).
    mutating func warnUnannouncedKeys(_ menus: [MenuSyntax]) {
        for menu in menus where menu.collect == nil {
            let annotated = menu.prompts.compactMap { name in environment.promptOffers(name.text).map { (name.text, $0) } }
            guard !annotated.isEmpty else { continue }
            let offered = annotated.reduce(into: Set<DTMFKey>()) { $0.formUnion($1.1) }
            let said = annotated.map { name, keys in
                "\(name) offers \(keys.sorted { $0.rawValue < $1.rawValue }.map { String($0.character) }.joined(separator: ", "))"
            }.joined(separator: "; ")
            for (key, location, _) in menu.keys where !offered.contains(key) {
                diagnostics.append(Diagnostic(.warning, at: location,
                    "key '\(key.character)' in menu '\(menu.name.text)' is offered by none of its prompts (\(said))"))
            }
        }
    }
}
