//! Lookup in range tables: `starts` holds the first code point of each run, `classes` its class.

/// The class of `cp` in a run-length table whose first run starts at 0.
pub(crate) fn class_of(starts: &[u32], classes: &[u8], cp: u32) -> u8 {
    let run = starts.partition_point(|&start| start <= cp);
    run.checked_sub(1)
        .and_then(|i| classes.get(i))
        .copied()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::class_of;

    #[test]
    fn finds_the_run_containing_a_code_point() {
        let starts = [0, 10, 20];
        let classes = [1, 2, 3];
        assert_eq!(class_of(&starts, &classes, 0), 1);
        assert_eq!(class_of(&starts, &classes, 9), 1);
        assert_eq!(class_of(&starts, &classes, 10), 2);
        assert_eq!(class_of(&starts, &classes, 25), 3);
        assert_eq!(class_of(&[], &[], 5), 0);
    }
}
