//! `recall suspend ID…` / `recall unsuspend ID…`: keeps cards out of reviews,
//! or brings them back.

use std::process::ExitCode;

use crate::cli::Cli;

pub fn run(cli: &Cli, ids: &[i64], suspend: bool) -> anyhow::Result<ExitCode> {
    let store = super::open_store(cli)?;
    // All or nothing: a typo in one id changes no card.
    let missing = store.missing_ids(ids)?;
    if let Some(id) = missing.first() {
        anyhow::bail!("no card has id {id} (see `recall cards` for ids)");
    }
    store.write(|w| {
        for &id in ids {
            w.set_suspended(id, suspend)?;
        }
        Ok::<_, crate::store::StoreError>(())
    })?;
    let verb = if suspend { "suspended" } else { "unsuspended" };
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    println!(
        "{verb} {} card{}: {}",
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        list.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
