//! One chat's messages in memory, by id: a sorted double-ended queue. New messages come at
//! the end and history pages at the front, both O(1); a lookup is a binary search. Each
//! message costs its 32-byte slot, where a B-tree's half-filled nodes cost about twice that.

use std::collections::VecDeque;

pub struct Sorted<V> {
    items: VecDeque<(i64, V)>,
}

impl<V> Default for Sorted<V> {
    fn default() -> Self {
        Self {
            items: VecDeque::new(),
        }
    }
}

impl<V> Sorted<V> {
    fn find(&self, id: i64) -> Result<usize, usize> {
        self.items.binary_search_by_key(&id, |(k, _)| *k)
    }

    pub fn get(&self, id: i64) -> Option<&V> {
        self.find(id).ok().map(|i| &self.items[i].1)
    }

    pub fn contains(&self, id: i64) -> bool {
        self.find(id).is_ok()
    }

    /// Puts `v` at `id`, giving back what was there.
    pub fn insert(&mut self, id: i64, v: V) -> Option<V> {
        match self.find(id) {
            Ok(i) => Some(std::mem::replace(&mut self.items[i].1, v)),
            Err(i) => {
                self.items.insert(i, (id, v));
                None
            }
        }
    }

    pub fn remove(&mut self, id: i64) -> Option<V> {
        let i = self.find(id).ok()?;
        self.items.remove(i).map(|(_, v)| v)
    }

    /// Ids below `before`, newest first.
    pub fn ids_before(&self, before: i64) -> impl Iterator<Item = i64> + '_ {
        let end = self.find(before).unwrap_or_else(|i| i);
        self.items.range(..end).rev().map(|(k, _)| *k)
    }

    pub fn largest(&self) -> Option<i64> {
        self.items.back().map(|(k, _)| *k)
    }

    #[cfg(test)]
    pub fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.items.iter().map(|(k, _)| *k)
    }

    /// Keeps what `keep` says, and gives back the room of what went.
    pub fn retain(&mut self, mut keep: impl FnMut(i64, &V) -> bool) {
        self.items.retain(|(k, v)| keep(*k, v));
        self.items.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_sorted_whichever_end_grows() {
        let mut s = Sorted::default();
        for id in [50, 60, 40, 70, 30, 55] {
            assert_eq!(s.insert(id, id * 10), None);
        }
        assert_eq!(s.insert(55, 1), Some(550));
        assert_eq!(s.ids().collect::<Vec<_>>(), [30, 40, 50, 55, 60, 70]);
        assert_eq!(s.ids_before(55).collect::<Vec<_>>(), [50, 40, 30]);
        assert_eq!(s.ids_before(56).collect::<Vec<_>>(), [55, 50, 40, 30]);
        assert_eq!(s.ids_before(i64::MAX).count(), 6);
        assert_eq!(s.get(55), Some(&1));
        assert_eq!(s.get(56), None);
        assert_eq!(s.remove(40), Some(400));
        assert_eq!(s.remove(40), None);
        assert_eq!(s.largest(), Some(70));
        s.retain(|id, _| id >= 55);
        assert_eq!(s.ids().collect::<Vec<_>>(), [55, 60, 70]);
        assert_eq!(s.len(), 3);
    }
}
