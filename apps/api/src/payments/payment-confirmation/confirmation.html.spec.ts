import { escapeHtml } from './confirmation.html';

describe('the confirmation page', () => {
  it('escapes every character that could open markup', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });
});
