<?php
// Installs WordPress (Debian's, /usr/share/wordpress) for bench/serve.py if it is not yet,
// and publishes one post with the title and paragraphs given, replacing the bench's earlier
// post. Prints the post's path. Run by bench/peers/wordpress.py with php-cli:
//   php wordpress_post.php HOME_URL CONFIG_NAME TITLE_AND_PARAGRAPHS_FILE
[$script, $home, $config, $text_file] = $argv;
$parts = parse_url($home);
$_SERVER['HTTP_HOST'] = $parts['host'] . ':' . $parts['port'];
$_SERVER['WORDPRESS_CONFIG'] = $config;  // Debian's wp-config.php reads config-$config.php
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
// No mail from the install (wp_mail is pluggable: this definition wins).
function wp_mail() { return true; }
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if (!is_blog_installed()) {
    wp_install('Jarida bench', 'bench', 'bench@example.invalid', false, '', wp_generate_password(24));
}
update_option('siteurl', $home);
update_option('home', $home);
update_option('permalink_structure', '');

$lines = explode("\n", trim(file_get_contents($text_file)));  // not \R: it splits UTF-8 at 0x85
$title = array_shift($lines);
$content = '';
foreach ($lines as $line) {
    if (trim($line) !== '') {
        $content .= "<!-- wp:paragraph -->\n<p>" . esc_html($line) . "</p>\n<!-- /wp:paragraph -->\n\n";
    }
}
foreach (get_posts(['meta_key' => 'jarida_bench', 'post_status' => 'any', 'numberposts' => -1]) as $old) {
    wp_delete_post($old->ID, true);
}
$id = wp_insert_post([
    'post_title' => $title,
    'post_content' => $content,
    'post_status' => 'publish',
    'post_author' => 1,
    'meta_input' => ['jarida_bench' => '1'],
], true);
if (is_wp_error($id)) {
    fwrite(STDERR, $id->get_error_message() . " " . $wpdb->last_error . "\n");
    exit(1);
}
echo parse_url(get_permalink($id), PHP_URL_PATH) . '?' . parse_url(get_permalink($id), PHP_URL_QUERY) . "\n";
