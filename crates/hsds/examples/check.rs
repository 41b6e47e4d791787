//! Print the problems haven finds in HSDS files: `cargo run -p hsds --example check -- PATH...`.
fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    match hsds::io::read_all(&paths) {
        Ok(mut c) => {
            let mut problems = c.problems.clone();
            let more =
                hsds::validate::check_directory::<()>(&mut c.directory, &mut |_, _| Ok(false))
                    .unwrap_or_default();
            problems.extend(more);
            for p in &problems {
                println!("{p}");
            }
            for (t, rows) in &c.directory.tables {
                println!("{t}: {}", rows.len());
            }
        }
        Err(e) => println!("fatal: {e}"),
    }
}
