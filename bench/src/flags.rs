//! `--name value` command-line flags: the drivers take a handful of numbers
//! and paths, which does not warrant an argument-parsing dependency.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

pub struct Flags(HashMap<String, String>);

impl Flags {
    /// Reads `--name value` pairs from the process's arguments; exits with a
    /// usage line on anything else.
    pub fn from_args(usage: &str) -> Self {
        let mut flags = HashMap::new();
        let mut args = std::env::args().skip(1);
        while let Some(name) = args.next() {
            let (Some(name), Some(value)) = (name.strip_prefix("--"), args.next()) else {
                exit_with_usage(usage);
            };
            flags.insert(name.to_owned(), value);
        }
        Self(flags)
    }

    pub fn required<T: FromStr>(&self, name: &str) -> T
    where
        T::Err: Display,
    {
        match self.0.get(name) {
            Some(text) => parse(name, text),
            None => {
                eprintln!("--{name} is required");
                std::process::exit(2);
            }
        }
    }

    pub fn or<T: FromStr>(&self, name: &str, default: T) -> T
    where
        T::Err: Display,
    {
        self.0.get(name).map_or(default, |text| parse(name, text))
    }
}

fn parse<T: FromStr>(name: &str, text: &str) -> T
where
    T::Err: Display,
{
    text.parse().unwrap_or_else(|error| {
        eprintln!("--{name} {text}: {error}");
        std::process::exit(2);
    })
}

fn exit_with_usage(usage: &str) -> ! {
    eprintln!("usage: {usage}");
    std::process::exit(2);
}
