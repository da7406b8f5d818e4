"""Where each page type may live, and that each one routes and renders, in Wagtail's own terms."""

from django.urls import reverse

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from careers.models import CareersIndexPage, RolePage
from careers.testing.factories import CareersIndexPageFactory, HomePageFactory, RolePageFactory
from home.models import HomePage


class SiteTreeTestCase(WagtailPageTestCase):
    """The site the rules are about: root → home → /careers/ → one role page."""

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Site.objects.all().delete()
        for child in root.get_children():
            child.delete()
        cls.root = root
        cls.home = HomePageFactory(parent=root, slug="home")
        Site.objects.create(hostname="localhost", port=80, root_page=cls.home, is_default_site=True)
        cls.careers_index = CareersIndexPageFactory(parent=cls.home)
        cls.role_page = RolePageFactory(parent=cls.careers_index, role_name="Applied ML Engineer")


class HomePageTests(SiteTreeTestCase):
    def test_home_sits_at_the_root_of_the_tree(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)

    def test_home_holds_only_the_careers_index(self):
        self.assertAllowedSubpageTypes(HomePage, {CareersIndexPage})
        self.assertCanNotCreateAt(HomePage, RolePage)

    def test_there_is_one_home_page(self):
        self.assertEqual(HomePage.max_count, 1)
        self.assertFalse(HomePage.can_create_at(self.root))

    def test_home_routes_and_renders(self):
        self.assertPageIsRoutable(self.home)
        self.assertPageIsRenderable(self.home)


class CareersIndexPageTests(SiteTreeTestCase):
    def test_the_index_lives_under_home(self):
        self.assertAllowedParentPageTypes(CareersIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, CareersIndexPage)
        self.assertCanNotCreateAt(Page, CareersIndexPage)

    def test_the_index_holds_only_role_pages(self):
        self.assertAllowedSubpageTypes(CareersIndexPage, {RolePage})
        self.assertCanNotCreateAt(CareersIndexPage, CareersIndexPage)

    def test_a_second_careers_index_is_refused(self):
        self.assertEqual(CareersIndexPage.max_count, 1)
        self.assertFalse(CareersIndexPage.can_create_at(self.home))

    def test_the_index_routes_and_renders(self):
        self.assertPageIsRoutable(self.careers_index)
        self.assertPageIsRenderable(self.careers_index)


class RolePageTests(SiteTreeTestCase):
    def test_role_pages_live_only_under_the_careers_index(self):
        self.assertAllowedParentPageTypes(RolePage, {CareersIndexPage})
        self.assertCanCreateAt(CareersIndexPage, RolePage)
        self.assertCanNotCreateAt(HomePage, RolePage)
        self.assertCanNotCreateAt(Page, RolePage)

    def test_role_pages_have_no_children(self):
        self.assertAllowedSubpageTypes(RolePage, set())

    def test_the_admin_refuses_a_role_page_under_home(self):
        self.login()
        response = self.client.get(
            reverse("wagtailadmin_pages:add", args=["careers", "rolepage", self.home.pk])
        )
        # Wagtail answers with a redirect and a permission message rather than a form.
        self.assertIn(response.status_code, (302, 403))
        self.assertFalse(RolePage.can_create_at(self.home))

    def test_a_role_page_routes_and_renders(self):
        self.assertPageIsRoutable(self.role_page)
        self.assertPageIsRenderable(self.role_page)
