//! The `hirecal` binary: parse arguments, run the command, map errors to exit codes.

use clap::Parser;
use hirecal::cli::{Cli, Command};
use hirecal::commands;
use hirecal::commands::args::UsageError;

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(a) => commands::check::run(a),
        Command::Simulate(a) => commands::simulate::run(a),
        Command::Questions(a) => commands::questions::run(a),
        Command::Report(a) => commands::report::run(a),
        Command::Interviewers(a) => commands::interviewers::run(a),
        Command::Panel(a) => commands::panel::run(a),
        Command::Fairness(a) => commands::fairness::run(a),
    };
    if let Err(e) = result {
        let code = if e.downcast_ref::<UsageError>().is_some() { 2 } else { 1 };
        eprintln!("error: {e:#}");
        std::process::exit(code);
    }
}
