import ArmsLedger

/// `armsledger project`: write or check the published views.
struct ProjectCommand: Command {
    let spec = CommandSpec(
        name: "project", abstract: "Write every view of the ledger as Markdown, CSV and JSON (--out), or check them (--check).",
        discussion: "Renders register, balances, obligations (CSTO), balance of power (ARM-AZE) and diffs for the latest state and the key dates 2016-04-01, 2020-09-27, 2022-09-13 and 2023-09-19, with an index README. --check exits 1 naming every stale, missing or extra file.",
        options: [
            .option("out", valueName: "dir", help: "Write the views into this folder."),
            .option("check", valueName: "dir", help: "Compare the views with this folder; exit 1 when any is stale, missing or extra."),
        ])

    func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(CLIError) {
        let out = arguments.value("out"), check = arguments.value("check")
        guard (out == nil) != (check == nil) else { throw .usage("give exactly one of --out DIR or --check DIR") }
        let files = PublishedViews.files(events: try context.events())
        if let out {
            do {
                let count = try PublishedViews.write(files, to: out)
                context.print("wrote \(count) files to \(out)")
            } catch {
                throw .failure("\(error)")
            }
        } else if let check {
            let problems = PublishedViews.check(files, against: check)
            if !problems.isEmpty {
                for problem in problems { context.io.err("error: \(problem)\n") }
                throw .failure("\(problems.count) published file\(problems.count == 1 ? " is" : "s are") out of date; run `armsledger project --out \(check)`")
            }
            context.print("ok: \(files.count) published files match the ledger")
        }
    }
}
