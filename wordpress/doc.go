// Package wordpress moves a WordPress site over to Casebook: it reads
// what WordPress gives out, a WXR export file (Tools → Export, or
// export_wp()) or a directory of its REST API's JSON pages, into one
// neutral model (Export), and maps the posts of one type to cases
// through a mapping file (Map), the way the command
// `casebook import-wordpress` does (Import).
//
// The two sources say the same things in different shapes: a WXR item
// carries the post as it is stored (raw content, every post meta, its
// terms by taxonomy with Polylang's language and translation group among
// them), a REST object the post as it is shown (rendered content,
// registered meta, term ids). ReadSource evens them out, so that the
// mapping sees one model whichever was saved.
package wordpress
